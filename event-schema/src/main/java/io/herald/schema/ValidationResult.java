package io.herald.schema;

import java.util.List;

/**
 * The outcome of {@link EventContract#validate(String, byte[])}.
 *
 * @param event  what was recognised about the event; {@code null} when the body is not JSON, not an object or
 *               has no recognisable type property. It is set even for an invalid event whose type could be read
 *               (e.g. an unknown type, or a known type with a missing field), so callers can log it.
 * @param errors every contract violation found; empty when the event is valid
 */
public record ValidationResult(EventInfo event, List<ValidationError> errors) {

    /**
     * Copies the error list.
     */
    public ValidationResult {
        errors = List.copyOf(errors);
    }

    /**
     * Whether the event may be delivered.
     *
     * @return {@code true} when there are no errors
     */
    public boolean valid() {
        return errors.isEmpty();
    }

    /**
     * The errors as a compact JSON array {@code [{"pointer":"/guid","message":"..."}]}, e.g. for the
     * {@code Herald-Errors} header of a dead letter.
     *
     * @return the JSON text, {@code []} when valid
     */
    public String errorsJson() {
        StringBuilder sb = new StringBuilder(64 * errors.size() + 2).append('[');
        for (int i = 0; i < errors.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            ValidationError e = errors.get(i);
            sb.append("{\"pointer\":");
            Json.quote(sb, e.pointer());
            sb.append(",\"message\":");
            Json.quote(sb, e.message());
            sb.append('}');
        }
        return sb.append(']').toString();
    }
}
