package io.herald.realtime.transport.centrifugo;

/**
 * The error codes of a Centrifugo reply ({@code {"id":N,"error":{"code":..,"message":..}}}), as defined by
 * github centrifugal/centrifuge {@code errors.go}.
 *
 * <p>SDK reaction: a {@linkplain #temporary() temporary} error, or {@link #TOKEN_EXPIRED}, is retried (109 after
 * fetching a new token); every other code is final for that connect or subscription.
 */
public enum CentrifugoErrorCode {

    /** 100: internal server error; temporary, the SDK retries. */
    INTERNAL(100, "internal server error", true),
    /** 101: unauthorized. */
    UNAUTHORIZED(101, "unauthorized", false),
    /** 102: the channel does not exist in any namespace Herald knows. */
    UNKNOWN_CHANNEL(102, "unknown channel", false),
    /** 103: the token does not permit this channel or operation. */
    PERMISSION_DENIED(103, "permission denied", false),
    /** 104: the method is not known. */
    METHOD_NOT_FOUND(104, "method not found", false),
    /** 105: the connection is already subscribed to the channel. */
    ALREADY_SUBSCRIBED(105, "already subscribed", false),
    /** 106: the connection reached its subscription limit. */
    LIMIT_EXCEEDED(106, "limit exceeded", false),
    /** 107: the request is malformed (e.g. an invalid channel name). */
    BAD_REQUEST(107, "bad request", false),
    /** 108: the feature is not available on this server (presence, client publish of some kinds, ping command). */
    NOT_AVAILABLE(108, "not available", false),
    /** 109: the (connection or subscription) token expired; the SDK fetches a new one and retries. */
    TOKEN_EXPIRED(109, "token expired", false),
    /** 110: expired. */
    EXPIRED(110, "expired", false),
    /** 111: too many requests; temporary. */
    TOO_MANY_REQUESTS(111, "too many requests", true),
    /** 112: the subscription asked to reject an unrecoverable position and recovery was incomplete. */
    UNRECOVERABLE_POSITION(112, "unrecoverable position", false);

    private final int code;
    private final String message;
    private final boolean temporary;

    CentrifugoErrorCode(int code, String message, boolean temporary) {
        this.code = code;
        this.message = message;
        this.temporary = temporary;
    }

    /** @return the numeric error code */
    public int code() {
        return code;
    }

    /** @return the message sent with the code (Centrifugo's wording) */
    public String message() {
        return message;
    }

    /** @return whether the SDK should retry the same request */
    public boolean temporary() {
        return temporary;
    }
}
