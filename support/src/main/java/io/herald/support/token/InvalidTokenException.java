package io.herald.support.token;

/**
 * A token was missing, malformed, badly signed, of a refused algorithm, from an unknown issuer, expired, or missing
 * a required claim. The message is safe to log: it never contains the token.
 */
public final class InvalidTokenException extends Exception {

    private final boolean expired;

    /** @param message why the token was refused */
    public InvalidTokenException(String message) {
        this(message, false);
    }

    /**
     * @param message why the token was refused
     * @param expired true when the token is genuine (signature verified) but past its {@code exp}
     */
    public InvalidTokenException(String message, boolean expired) {
        super(message, null, false, false);
        this.expired = expired;
    }

    /**
     * @return true when the only problem is expiry: a client should fetch a fresh token (Centrifugo protocol: error
     *     109) rather than give up
     */
    public boolean expired() {
        return expired;
    }
}
