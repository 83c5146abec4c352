package io.herald.realtime.client;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * What a {@link Client} needs from its socket: queue an encoded text frame without blocking, close with a code, and a
 * thread to run the connection's commands on. The Netty WebSocket transport owns the bounded outbound queue; tests use
 * a recording one.
 */
public interface Transport {

    /** @return an id of the connection for logs (the Netty channel id) */
    String id();

    /**
     * Queues one text frame. Any thread; never blocks.
     *
     * @param utf8 the frame's UTF-8 payload, possibly shared between connections: never modified
     * @return false, with nothing queued, when the frame would exceed the outbound limits (the client then closes as
     *     a slow client)
     */
    boolean offer(byte[] utf8);

    /**
     * Closes the connection with a WebSocket close code. Called once.
     *
     * @param code    the close code
     * @param reason  the plain-text reason
     * @param discard true to drop the frames not yet written (a slow client); false to write them first
     */
    void close(int code, String reason, boolean discard);

    /** @return runs the connection's command handling in order (the Netty event loop of the connection) */
    Executor executor();

    /** @return completes when the socket is gone (graceful shutdown waits for it) */
    CompletionStage<Void> closed();
}
