package io.herald.realtime.auth;

/**
 * A token was missing, malformed, badly signed, of a refused algorithm, from an untrusted issuer, expired, or lacked a
 * required claim ({@code exp}, {@code iat}, {@code iss}, a UUID {@code sub}). The message is safe to log (no token).
 */
public final class InvalidTokenException extends Exception {

    /** @param message why the token was refused */
    public InvalidTokenException(String message) {
        this(message, false);
    }

    /**
     * @param message why the token was refused
     * @param expired true when the token is well-formed and correctly signed but past its {@code exp}
     */
    public InvalidTokenException(String message, boolean expired) {
        super(message);
        this.expired = expired;
    }

    private final boolean expired;

    /**
     * @return true when the only problem is expiry (the signature was verified): the Centrifugo protocol answers
     *     error 109 so the SDK fetches a fresh token, instead of the terminal close 3500
     */
    public boolean expired() {
        return expired;
    }
}
