package io.herald.realtime.transport.herald;

import io.herald.realtime.transport.ws.Handshake;
import io.herald.realtime.transport.ws.WebSocketConnection;
import io.herald.realtime.transport.ws.WebSocketEndpoint;
import io.herald.realtime.transport.ws.WebSocketListener;
import jakarta.inject.Singleton;

/**
 * The four Herald JSON protocol endpoints: {@code /ws} (personal channels, manual subscriptions), {@code /ws/jobs/{jobId}}
 * ({@code job:{jobId}}, needs a grant), {@code /ws/workbooks/{workbookId}} ({@code workbook:{tenant}:{workbookId}} of
 * the token's tenant) and {@code /ws/notifications} (the user's notification channels). The upgrade is accepted
 * whatever the token, so that a bad token is answered with a close code a browser can read (it cannot read an HTTP 401
 * on a handshake).
 */
@Singleton
final class HeraldEndpoints implements WebSocketEndpoint {

    private static final String JOBS = "/ws/jobs/";
    private static final String WORKBOOKS = "/ws/workbooks/";

    private final HeraldConnections connections;

    HeraldEndpoints(HeraldConnections connections) {
        this.connections = connections;
    }

    @Override
    public boolean serves(String path) {
        return room(path) != null;
    }

    @Override
    public WebSocketListener accept(WebSocketConnection connection, Handshake handshake) {
        return connections.open(connection, handshake, room(handshake.path()));
    }

    static Room room(String path) {
        if (path.equals("/ws") || path.equals("/ws/")) {
            return Room.personal();
        }
        if (path.equals("/ws/notifications")) {
            return Room.notifications();
        }
        String job = Handshake.segmentAfter(path, JOBS);
        if (job != null) {
            return Room.job(job);
        }
        String workbook = Handshake.segmentAfter(path, WORKBOOKS);
        return workbook != null ? Room.workbook(workbook) : null;
    }
}
