package io.herald.bus.contract;

import java.util.List;

/**
 * What the event contract says about one incoming event.
 *
 * @param type       the event type ({@code job.progress}, {@code order:updated}), or null when unreadable
 * @param jobKey     the job/entity the event belongs to (throttling key), or null
 * @param lifecycle  what it means for its job (progress, terminal, reopening, other)
 * @param errors     validation errors ({@code pointer: message}); empty when valid
 * @param errorsJson the errors as the JSON array carried in the dead-letter header {@code Herald-Errors}
 * @param mirror     the channel the catalogue's mirror rule also delivers the event on, or null
 */
public record Verdict(String type, String jobKey, Lifecycle lifecycle, List<String> errors, String errorsJson,
                      String mirror) {

    /** A verdict without a mirror channel. */
    public Verdict(String type, String jobKey, Lifecycle lifecycle, List<String> errors, String errorsJson) {
        this(type, jobKey, lifecycle, errors, errorsJson, null);
    }

    /** @return true when the event may be delivered */
    public boolean valid() {
        return errors.isEmpty();
    }

    /** @return whether it is a progress event (subject to throttling) */
    public boolean progress() {
        return lifecycle == Lifecycle.PROGRESS;
    }
}
