package io.herald.auth.security;

/**
 * A required setting is missing or unusable; start-up stops with {@link #getMessage()} as its only output.
 */
public class MissingSettingException extends RuntimeException {

    /** @param message one line naming the setting (environment variable) and what is wrong */
    public MissingSettingException(String message) {
        super(message, null, false, false);
    }
}
