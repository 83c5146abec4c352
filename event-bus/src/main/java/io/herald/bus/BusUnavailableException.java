package io.herald.bus;

/** The event bus could not do what was asked (not connected, or the server refused); the message says why. */
public final class BusUnavailableException extends RuntimeException {

    /** @param message what failed */
    public BusUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause   the infrastructure exception
     */
    public BusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
