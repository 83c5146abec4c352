package io.herald.realtime.auth;

/** A token was missing, malformed, badly signed, of a refused algorithm, or expired. The message is safe to log (no token). */
public final class InvalidTokenException extends Exception {

    /** @param message why the token was refused */
    public InvalidTokenException(String message) {
        super(message);
    }
}
