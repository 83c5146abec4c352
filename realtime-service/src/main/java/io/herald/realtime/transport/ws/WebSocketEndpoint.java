package io.herald.realtime.transport.ws;

/**
 * A WebSocket path served directly on Netty. Beans of this type are found by {@link WebSocketRoutes}; the first whose
 * {@link #accept} answers a listener takes the upgrade.
 */
public interface WebSocketEndpoint {

    /**
     * @param path the request path, without the query string
     * @return true when this endpoint serves the path (the upgrade is then taken over, whatever the token)
     */
    boolean serves(String path);

    /**
     * Called on the event loop right after the handshake response was written, before the first client frame is read.
     * Never blocks: token verification runs elsewhere.
     *
     * @param connection the upgraded connection
     * @param handshake  the upgrade request
     * @return the listener for the connection's messages
     */
    WebSocketListener accept(WebSocketConnection connection, Handshake handshake);
}
