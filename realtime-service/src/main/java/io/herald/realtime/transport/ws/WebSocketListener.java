package io.herald.realtime.transport.ws;

/**
 * What a protocol does with one WebSocket connection's inbound side. Every method runs on the connection's event loop
 * and must not block.
 */
public interface WebSocketListener {

    /**
     * A complete text message (continuation frames already joined, UTF-8 already checked).
     *
     * @param text the message
     */
    void onText(String text);

    /** A WebSocket ping from the client (already answered with a pong): client activity for the heartbeat. */
    default void onPing() {
    }

    /** The TCP connection is gone (called once, whoever closed it). */
    void onClosed();
}
