package io.herald.schema;

/**
 * One reason why an event (or its channel) breaks the contract.
 *
 * @param pointer JSON pointer (RFC 6901) into the event body, e.g. {@code /details/guid}; {@code ""} for the
 *                whole body or for problems with the channel name
 * @param message a readable explanation, safe to put in logs, headers and error frames
 */
public record ValidationError(String pointer, String message) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is null
     */
    public ValidationError {
        java.util.Objects.requireNonNull(pointer, "pointer");
        java.util.Objects.requireNonNull(message, "message");
    }
}
