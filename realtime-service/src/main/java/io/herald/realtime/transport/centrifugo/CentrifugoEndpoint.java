package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.transport.FrameGuard;
import io.herald.realtime.transport.LimitsConfiguration;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.nio.charset.StandardCharsets;

/**
 * {@code /connection/websocket}: the Centrifugo client protocol (JSON) for the official SDKs. The upgrade
 * is accepted anonymously: the token arrives in the connect command. Frames larger than
 * {@code herald.realtime.limits.max-frame-bytes} close with 1009.
 */
@ServerWebSocket("/connection/websocket")
final class CentrifugoEndpoint {

    private static final String STATE = "centrifugo.session";
    private static final int HARD_FRAME_LIMIT = 1_048_576;

    private final CentrifugoProtocol protocol;
    private final LimitsConfiguration limits;

    CentrifugoEndpoint(CentrifugoProtocol protocol, LimitsConfiguration limits) {
        this.protocol = protocol;
        this.limits = limits;
    }

    @OnOpen
    void onOpen(WebSocketSession ws, HttpRequest<?> request) {
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            ws.close(new CloseReason(CentrifugoCloseCode.INTERNAL.code(), CentrifugoCloseCode.INTERNAL.reason()));
            return;
        }
        var channel = netty.getChannelHandlerContext().channel();
        FrameGuard.install(channel);
        NettyCentrifugoConnection connection = new NettyCentrifugoConnection(channel, ws, limits);
        CentrifugoSession session = protocol.open(connection);
        connection.bind(session);
        ws.put(STATE, session);
        // @OnClose can be skipped when packets are dropped (micronaut-core #8493): the channel's close is authoritative
        channel.closeFuture().addListener(f -> session.onTransportClosed());
    }

    @OnMessage(maxPayloadLength = HARD_FRAME_LIMIT)
    void onMessage(String frame, WebSocketSession ws) {
        CentrifugoSession session = ws.get(STATE, CentrifugoSession.class).orElse(null);
        if (session == null) {
            return;
        }
        int max = limits.maxFrameBytes();
        if (frame.length() > max
            || (frame.length() * 3L > max && frame.getBytes(StandardCharsets.UTF_8).length > max)) {
            session.close(CentrifugoCloseCode.MESSAGE_TOO_BIG);
            return;
        }
        session.onFrame(frame);
    }

    @OnClose
    void onClose(WebSocketSession ws) {
        ws.get(STATE, CentrifugoSession.class).ifPresent(CentrifugoSession::onTransportClosed);
    }
}
