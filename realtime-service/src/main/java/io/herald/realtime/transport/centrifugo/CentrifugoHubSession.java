package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.hub.Session;
import io.herald.realtime.hub.SessionToken;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Centrifugo connection as the hub sees it: hands the shared publication push to
 * {@link CentrifugoSession#deliver} with the channel name the client wrote.
 *
 * <p>The frame tells the full channel and offset; the display name comes from this session's own small map (a
 * session subscribes a full channel under one name only), so the hub's {@code Session} contract needs no change.
 */
final class CentrifugoHubSession implements Session {

    private final CentrifugoSession session;
    private final String userId;
    private final Map<String, String> displayNames = new ConcurrentHashMap<>(8);

    CentrifugoHubSession(CentrifugoSession session, String userId) {
        this.session = session;
        this.userId = userId;
    }

    @Override
    public String id() {
        return session.clientId();
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public SessionToken token() {
        CentrifugoBackend.Principal principal = session.principal();
        return principal == null ? Session.super.token() : principal.token();
    }

    @Override
    public ProtocolCodec codec() {
        return CentrifugoHubCodec.INSTANCE;
    }

    /** @return false when the full channel is already subscribed under another name */
    boolean name(String channel, String display) {
        String previous = displayNames.putIfAbsent(channel, display);
        return previous == null || previous.equals(display);
    }

    void forget(String channel) {
        displayNames.remove(channel);
    }

    @Override
    public void send(EncodedFrame frame) {
        String display = frame.channel() == null ? null : displayNames.get(frame.channel());
        if (display != null) {
            session.deliver(display, frame.offset(), frame.utf8());
        }
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> closed() {
        return session.transportClosed();
    }

    @Override
    public void close(CloseCode code) {
        session.close(switch (code) {
            case GOING_AWAY -> CentrifugoCloseCode.SHUTDOWN;
            case SLOW_CLIENT -> CentrifugoCloseCode.SLOW;
            case INVALID_TOKEN -> CentrifugoCloseCode.EXPIRED;
            case TOKEN_REVOKED -> CentrifugoCloseCode.INVALID_TOKEN;
            case DISCONNECTED -> CentrifugoCloseCode.FORCE_DISCONNECT;
            case FORBIDDEN -> CentrifugoCloseCode.PERMISSION_DENIED;
            case TOO_MANY -> CentrifugoCloseCode.CONNECTION_LIMIT;
            case MESSAGE_TOO_BIG -> CentrifugoCloseCode.MESSAGE_TOO_BIG;
            case NO_HEARTBEAT -> CentrifugoCloseCode.NO_PONG;
        });
    }
}
