package io.herald.realtime.transport.centrifugo;

/**
 * What the protocol needs from a socket: write a text frame, close with a code. The transport adapter (the Netty
 * WebSocket connection, or the test server) implements it.
 *
 * <p>Both methods are called while the session holds its own lock (so a reply and the publications that follow it
 * are never reordered), hence they must only <em>queue</em> work and never block: Netty's {@code writeAndFlush} /
 * Micronaut's {@code sendAsync} qualify. A connection that cannot keep up should call
 * {@link CentrifugoSession#close(CentrifugoCloseCode)} with {@link CentrifugoCloseCode#SLOW} rather than buffer
 * without bound.
 */
public interface CentrifugoConnection {

    /**
     * Queues a text frame.
     *
     * @param text the frame (one or more {@code \n}-separated JSON objects)
     */
    void send(String text);

    /**
     * Queues a text frame given as UTF-8 bytes; used for publication pushes shared by many sessions.
     *
     * @param utf8 the frame; shared between sessions, must not be modified
     */
    void send(byte[] utf8);

    /**
     * Closes the connection after the frames already queued.
     *
     * @param code   the WebSocket close code
     * @param reason the plain-text reason
     */
    void close(int code, String reason);

    /** @return completes when the socket is gone (graceful shutdown waits for it); already complete by default */
    default java.util.concurrent.CompletionStage<Void> closed() {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
}
