package io.herald.realtime.hub;

/**
 * One client connection as the hub sees it: an identity, the protocol it speaks, and a non-blocking way to
 * hand it an encoded frame. Transports implement it; the hub never imports WebSocket code.
 */
public interface Session {

    /**
     * @return an id of this connection for logs. The hub tells sessions apart by identity, never by this id, and
     *         implementations must keep {@link Object#equals} as identity
     */
    String id();

    /** @return the authenticated user's UUID ({@code sub}) */
    String userId();

    /**
     * @return the session's current token (the last one refreshed in band); the default knows only the user
     */
    default SessionToken token() {
        return new SessionToken(userId(), null, null, 0);
    }

    /** @return the codec that turns deliveries into this session's wire frames (shared by all sessions of a protocol) */
    ProtocolCodec codec();

    /**
     * Queues an encoded frame for writing. Never blocks and never throws for a closed session; an implementation
     * that cannot keep up closes itself with {@link CloseCode#SLOW_CLIENT}.
     *
     * @param frame the encoded frame, shared between sessions: implementations must not modify it
     */
    void send(EncodedFrame frame);

    /**
     * Closes the connection with the given code after the frames already queued are written.
     *
     * @param code why
     */
    void close(CloseCode code);

    /**
     * @return completes when the connection is gone (graceful shutdown waits for it); the default is already complete,
     *         for transports without a socket
     */
    default java.util.concurrent.CompletionStage<Void> closed() {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
}
