package io.herald.realtime.transport.herald;

import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

/**
 * The four Herald JSON protocol endpoints. Each adapts Micronaut's callbacks to {@link HeraldConnections}.
 * The upgrade is accepted anonymously so that a bad token is answered with close code 4001, which a browser can read
 * (it cannot read an HTTP 401 on a handshake). Netty refuses inbound frames over 1 MiB (1009); the configured limit
 * is checked in {@link HeraldConnections}.
 */
final class HeraldEndpoints {

    static final int HARD_FRAME_LIMIT = 1_048_576;

    private HeraldEndpoints() {
    }

    /** {@code /ws}: personal channels, manual subscriptions. */
    @ServerWebSocket("/ws")
    static final class Main {
        private final HeraldConnections connections;

        Main(HeraldConnections connections) {
            this.connections = connections;
        }

        @OnOpen
        void onOpen(WebSocketSession session, HttpRequest<?> request) {
            connections.open(session, request, Room.personal());
        }

        @OnMessage(maxPayloadLength = HARD_FRAME_LIMIT)
        void onMessage(String message, WebSocketSession session) {
            connections.message(session, message);
        }

        @OnClose
        void onClose(WebSocketSession session) {
            connections.closed(session);
        }
    }

    /** {@code /ws/jobs/{jobId}}: the job's room ({@code job:{jobId}}, needs a grant). */
    @ServerWebSocket("/ws/jobs/{jobId}")
    static final class Jobs {
        private final HeraldConnections connections;

        Jobs(HeraldConnections connections) {
            this.connections = connections;
        }

        @OnOpen
        void onOpen(String jobId, WebSocketSession session, HttpRequest<?> request) {
            connections.open(session, request, Room.job(jobId));
        }

        @OnMessage(maxPayloadLength = HARD_FRAME_LIMIT)
        void onMessage(String message, WebSocketSession session) {
            connections.message(session, message);
        }

        @OnClose
        void onClose(WebSocketSession session) {
            connections.closed(session);
        }
    }

    /** {@code /ws/workbooks/{workbookId}}: {@code workbook:{tenant}:{workbookId}} of the token's tenant. */
    @ServerWebSocket("/ws/workbooks/{workbookId}")
    static final class Workbooks {
        private final HeraldConnections connections;

        Workbooks(HeraldConnections connections) {
            this.connections = connections;
        }

        @OnOpen
        void onOpen(String workbookId, WebSocketSession session, HttpRequest<?> request) {
            connections.open(session, request, Room.workbook(workbookId));
        }

        @OnMessage(maxPayloadLength = HARD_FRAME_LIMIT)
        void onMessage(String message, WebSocketSession session) {
            connections.message(session, message);
        }

        @OnClose
        void onClose(WebSocketSession session) {
            connections.closed(session);
        }
    }

    /** {@code /ws/notifications}: the user's notification channels. */
    @ServerWebSocket("/ws/notifications")
    static final class Notifications {
        private final HeraldConnections connections;

        Notifications(HeraldConnections connections) {
            this.connections = connections;
        }

        @OnOpen
        void onOpen(WebSocketSession session, HttpRequest<?> request) {
            connections.open(session, request, Room.notifications());
        }

        @OnMessage(maxPayloadLength = HARD_FRAME_LIMIT)
        void onMessage(String message, WebSocketSession session) {
            connections.message(session, message);
        }

        @OnClose
        void onClose(WebSocketSession session) {
            connections.closed(session);
        }
    }
}
