package io.herald.realtime.contract;

import java.util.List;

/**
 * What the event contract says about one incoming event.
 *
 * @param type       the event type ({@code job.progress}, {@code order:updated}), or null when unreadable
 * @param jobKey     the job/entity the event belongs to (throttling key), or null
 * @param progress   whether it is a progress event (subject to throttling)
 * @param errors     validation errors ({@code pointer: message}); empty when valid
 * @param errorsJson the errors as the JSON array carried in the dead-letter header {@code Herald-Errors}
 * @param terminal   whether the event finishes its job (its namespace's terminal types)
 * @param reopens    whether the event reopens a finished job (its namespace's reopening types)
 * @param mirror     the channel the catalogue's mirror rule also delivers the event on, or null
 */
public record Verdict(String type, String jobKey, boolean progress, List<String> errors, String errorsJson,
                      boolean terminal, boolean reopens, String mirror) {

    /** A verdict without terminal/reopen flags or mirror. */
    public Verdict(String type, String jobKey, boolean progress, List<String> errors, String errorsJson) {
        this(type, jobKey, progress, errors, errorsJson, false, false, null);
    }

    /** @return true when the event may be delivered */
    public boolean valid() {
        return errors.isEmpty();
    }
}
