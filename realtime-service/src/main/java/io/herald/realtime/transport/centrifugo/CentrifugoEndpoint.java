package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.transport.LimitsConfiguration;
import io.herald.realtime.transport.NettyTransport;
import io.herald.realtime.transport.RehearsalConnections;
import io.herald.realtime.transport.ws.Handshake;
import io.herald.realtime.transport.ws.WebSocketConnection;
import io.herald.realtime.transport.ws.WebSocketEndpoint;
import io.herald.realtime.transport.ws.WebSocketListener;
import jakarta.inject.Singleton;

/**
 * {@code /connection/websocket}: the Centrifugo client protocol (JSON) for the official SDKs. The upgrade is accepted
 * anonymously: the token arrives in the connect command. Messages larger than
 * {@code herald.realtime.limits.max-frame-bytes} close the connection.
 */
@Singleton
final class CentrifugoEndpoint implements WebSocketEndpoint {

    static final String PATH = "/connection/websocket";

    private final CentrifugoProtocol protocol;
    private final LimitsConfiguration limits;
    private final RehearsalConnections rehearsals;

    CentrifugoEndpoint(CentrifugoProtocol protocol, LimitsConfiguration limits, RehearsalConnections rehearsals) {
        this.protocol = protocol;
        this.limits = limits;
        this.rehearsals = rehearsals;
    }

    @Override
    public boolean serves(String path) {
        return path.equals(PATH);
    }

    @Override
    public WebSocketListener accept(WebSocketConnection connection, Handshake handshake) {
        CentrifugoSession session = protocol.open(new NettyTransport(connection, limits));
        rehearsals.opened(handshake, session.client()); // this process's own start-up warm-up only
        return new WebSocketListener() {
            @Override
            public void onText(String frame) {
                if (limits.tooLarge(frame)) {
                    session.close(CentrifugoCloseCode.MESSAGE_TOO_BIG);
                    return;
                }
                session.onFrame(frame);
            }

            @Override
            public void onClosed() {
                session.onTransportClosed();
            }
        };
    }
}
