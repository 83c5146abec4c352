package io.herald.schema;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link EventContract#validate(String, byte[])}: the errors, and what the catalogue says about
 * the event for throttling and routing (its namespace's progress, terminal and reopening types, job key, mirror).
 *
 * @param event     what was recognised about the event; {@code null} when the body is not JSON, not an object or
 *                  has no recognisable type property. It is set even for an invalid event whose type could be read
 *                  (e.g. an unknown type, or a known type with a missing field), so callers can log it.
 * @param errors    every contract violation found; empty when the event is valid
 * @param namespace the channel's namespace; {@code null} when the channel is outside the catalogue
 * @param mirror    the channel the event is also delivered on (the namespace's mirror rule filled from the event);
 *                  {@code null} when none
 */
public record ValidationResult(EventInfo event, List<ValidationError> errors, ChannelNamespace namespace,
                               String mirror) {

    /**
     * Copies the error list.
     */
    public ValidationResult {
        errors = List.copyOf(errors);
    }

    /**
     * A result without namespace or mirror.
     *
     * @param event  what was recognised
     * @param errors the errors
     */
    public ValidationResult(EventInfo event, List<ValidationError> errors) {
        this(event, errors, null, null);
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
     * Whether the event is a progress event of its namespace (throttled per job key).
     *
     * @return true for a progress type
     */
    public boolean progress() {
        return event != null && event.progress();
    }

    /**
     * Whether the event finishes its job (later progress is dropped until a reopening event).
     *
     * @return true for a terminal type of the channel's namespace
     */
    public boolean terminal() {
        return event != null && namespace != null && namespace.terminal().contains(event.type());
    }

    /**
     * Whether the event reopens a finished job.
     *
     * @return true for a reopening type of the channel's namespace
     */
    public boolean reopens() {
        return event != null && namespace != null && namespace.reopen().contains(event.type());
    }

    /**
     * The mirror channel, if any.
     *
     * @return the channel the event is also delivered on
     */
    public Optional<String> mirrorChannel() {
        return Optional.ofNullable(mirror);
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
