package io.herald.realtime.transport.centrifugo;

/**
 * The WebSocket close codes Herald sends on {@code /connection/websocket}: Centrifugo's disconnect codes, so the
 * official SDKs react to them as they do with Centrifugo (github centrifugal/centrifuge {@code disconnect.go}).
 *
 * <p>Ranges, as the SDKs read them: 3000–3499 mean "reconnect" (with back-off; subscriptions recover by offset),
 * 3500–3999 are terminal (the SDK goes to the disconnected state and does not retry on its own). {@link #MESSAGE_TOO_BIG}
 * is the standard WebSocket code; the SDK treats codes below 3000 as a transport problem and reconnects.
 */
public enum CentrifugoCloseCode {

    /** 1009: an inbound frame exceeded the configured maximum (sent by the transport adapter). */
    MESSAGE_TOO_BIG(1009, "message too big", true),

    /** 3000: the connection was closed for an unspecified reason. Reconnect. */
    CONNECTION_CLOSED(3000, "connection closed", true),

    /** 3001: the server is shutting down. Reconnect (to another instance) and recover. */
    SHUTDOWN(3001, "shutdown", true),

    /** 3004: an internal server error made the connection unusable. Reconnect. */
    INTERNAL(3004, "internal server error", true),

    /** 3005: the connection token expired and was not refreshed in time. The SDK gets a new token and reconnects. */
    EXPIRED(3005, "connection expired", true),

    /** 3008: the client did not read fast enough (outbound queue overflow). Reconnect and recover by offset. */
    SLOW(3008, "slow", true),

    /** 3009: writing to the connection failed. Reconnect. */
    WRITE_ERROR(3009, "write error", true),

    /** 3010: the server could not keep the subscription state consistent (e.g. too many publications buffered while
     * a subscribe was in flight). Reconnect and recover by offset. */
    INSUFFICIENT_STATE(3010, "insufficient state", true),

    /** 3011: the server asks the client to reconnect (e.g. an operator rebalancing connections). */
    FORCE_RECONNECT(3011, "force reconnect", true),

    /** 3012: no pong ({@code {}}) arrived within the pong timeout after a server ping. Reconnect. */
    NO_PONG(3012, "no pong", true),

    /** 3013: the client sent too many commands. Reconnect with back-off. */
    TOO_MANY_REQUESTS(3013, "too many requests", true),

    /** 3500: the connection token is invalid (bad signature, malformed, wrong user on refresh). Terminal. */
    INVALID_TOKEN(3500, "invalid token", false),

    /** 3501: the client broke the protocol (malformed JSON, command before connect, missing channel...). Terminal. */
    BAD_REQUEST(3501, "bad request", false),

    /** 3502: no successful connect command within the connect timeout. Terminal. */
    STALE(3502, "stale", false),

    /** 3503: an operator disconnected this client. Terminal. */
    FORCE_DISCONNECT(3503, "force disconnect", false),

    /** 3504: too many connections for this user. Terminal. */
    CONNECTION_LIMIT(3504, "connection limit", false),

    /** 3505: too many channels. Terminal. */
    CHANNEL_LIMIT(3505, "channel limit", false),

    /** 3507: the connection lost a permission it needs. Terminal. */
    PERMISSION_DENIED(3507, "permission denied", false),

    /** 3508: the requested feature is not available. Terminal. */
    NOT_AVAILABLE(3508, "not available", false),

    /** 3509: the client caused too many errors. Terminal. */
    TOO_MANY_ERRORS(3509, "too many errors", false);

    private final int code;
    private final String reason;
    private final boolean reconnect;

    CentrifugoCloseCode(int code, String reason, boolean reconnect) {
        this.code = code;
        this.reason = reason;
        this.reconnect = reconnect;
    }

    /** @return the numeric WebSocket close code */
    public int code() {
        return code;
    }

    /** @return the plain-text reason sent in the close frame (Centrifugo's wording) */
    public String reason() {
        return reason;
    }

    /** @return whether the official SDKs reconnect after this code ({@code false}: terminal) */
    public boolean reconnect() {
        return reconnect;
    }
}
