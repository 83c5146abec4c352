package io.herald.bus.contract;

import io.herald.schema.EventContract;
import io.herald.schema.EventInfo;
import io.herald.schema.ValidationError;
import io.herald.schema.ValidationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@link EventCheck} by event-schema's {@link EventContract} (JSON Schema files, the single source of truth).
 *
 * <p>An event the publish API validated is checked again when the stream delivers it, because a consumer cannot tell
 * it from one a backend published straight to NATS. So that the API's events are not validated twice in the same
 * process, the verdicts of the latest valid API checks are remembered with the exact bytes published: a delivered
 * event that is byte-for-byte the same, on the same channel, gets the remembered verdict (validation is a function of
 * the channel and the bytes, so the answer is the one validating again would give); anything else is validated. The
 * memory is a fixed table of {@value #SLOTS} entries, each replaced by the next event that hashes to it.
 */
public final class SchemaEventCheck implements EventCheck {

    private static final int SLOTS = 4096;

    private final EventContract contract;
    private final AtomicReferenceArray<Remembered> recent = new AtomicReferenceArray<>(SLOTS);

    /** @param contract the loaded contract */
    public SchemaEventCheck(EventContract contract) {
        this.contract = contract;
    }

    @Override
    public Verdict check(String channel, byte[] json) {
        Remembered remembered = recent.get(slot(channel, json));
        if (remembered != null && remembered.matches(channel, json)) {
            return remembered.verdict;
        }
        return verdict(contract.validate(channel, json));
    }

    @Override
    public Verdict check(String channel, com.fasterxml.jackson.databind.JsonNode event, byte[] json) {
        Verdict verdict = verdict(contract.validate(channel, event));
        if (verdict.valid() && json != null) {
            recent.set(slot(channel, json), new Remembered(channel, json.clone(), verdict));
        }
        return verdict;
    }

    private static int slot(String channel, byte[] json) {
        int h = channel.hashCode() * 31 + Arrays.hashCode(json);
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }

    /** A valid verdict and the exact channel and bytes it was given for. */
    private record Remembered(String channel, byte[] json, Verdict verdict) {
        boolean matches(String otherChannel, byte[] otherJson) {
            return json.length == otherJson.length && channel.equals(otherChannel) && Arrays.equals(json, otherJson);
        }
    }

    private static Verdict verdict(ValidationResult result) {
        EventInfo info = result.event();
        List<String> errors = new ArrayList<>(result.errors().size());
        for (ValidationError error : result.errors()) {
            errors.add(error.pointer() + ": " + error.message());
        }
        // The catalogue declares progress, terminal and reopening types per namespace.
        Lifecycle lifecycle = info == null ? Lifecycle.OTHER : result.progress() ? Lifecycle.PROGRESS
            : result.terminal() ? Lifecycle.TERMINAL : result.reopens() ? Lifecycle.REOPEN : Lifecycle.OTHER;
        return new Verdict(info == null ? null : info.type(), info == null ? null : info.jobKey(), lifecycle,
            List.copyOf(errors), result.valid() ? "[]" : result.errorsJson(), result.mirror());
    }
}
