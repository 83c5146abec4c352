package io.herald.realtime.hub;

/**
 * The closed vocabulary of WebSocket close codes the Herald JSON protocol sends.
 *
 * <p>Codes in the 4000 range are application codes; a client should treat {@link #INVALID_TOKEN},
 * {@link #TOKEN_REVOKED}, {@link #DISCONNECTED}, {@link #FORBIDDEN} and {@link #MESSAGE_TOO_BIG} as terminal until the
 * user or code changes something,
 * and reconnect (with back-off, recovering by offset) after the others. The Centrifugo transport maps these
 * reasons onto its own 3xxx codes.
 */
public enum CloseCode {

    /** 1001: the server is going away (graceful shutdown). Reconnect to another instance and recover by offset. */
    GOING_AWAY(1001, "server shutting down"),

    /** 1009: an inbound frame was larger than the configured limit. Terminal: the client sent something too big. */
    MESSAGE_TOO_BIG(1009, "frame too large"),

    /** 4001: the token is missing, invalid or expired (also when it expires during the connection). Get a new token, then reconnect. */
    INVALID_TOKEN(4001, "invalid or expired token"),

    /**
     * 4001 as well: the token was revoked while the connection was open (its API key or its user was revoked). The
     * client sees the same code as for an invalid token; the Centrifugo transport sends its terminal "invalid token".
     */
    TOKEN_REVOKED(4001, "token revoked"),

    /**
     * 4009: the server ended the user's sessions ({@code POST /api/disconnect}). Terminal: do not reconnect with this
     * token; the application decides whether the user may come back (with a new token).
     */
    DISCONNECTED(4009, "disconnected by the server"),

    /** 4003: the token does not permit the room of a dedicated endpoint. Terminal for this room. */
    FORBIDDEN(4003, "not permitted"),

    /** 4008: no client frame within the idle timeout (send {@code {"type":"ping"}} regularly). Reconnect. */
    NO_HEARTBEAT(4008, "no heartbeat"),

    /** 4013: the client did not read fast enough and its outbound queue overflowed. Reconnect and recover by offset. */
    SLOW_CLIENT(4013, "slow client"),

    /**
     * 4013 as well: while the connection's recovery (or subscribe reply) was being prepared, more live events arrived
     * on the channel than the server holds for it. Reconnect and recover by offset.
     */
    RECOVERY_OVERFLOW(4013, "too many events during recovery"),

    /** 4029: too many connections for this user, or too many messages from this connection. Reconnect with back-off. */
    TOO_MANY(4029, "too many connections or messages");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** @return the numeric WebSocket close code */
    public int code() {
        return code;
    }

    /** @return the short human-readable reason sent in the close frame */
    public String reason() {
        return reason;
    }
}
