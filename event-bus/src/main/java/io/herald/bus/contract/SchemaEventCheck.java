package io.herald.bus.contract;

import io.herald.schema.EventContract;
import io.herald.schema.EventInfo;
import io.herald.schema.ValidationError;
import io.herald.schema.ValidationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * {@link EventCheck} by event-schema's {@link EventContract} (JSON Schema files, the single source of truth).
 *
 * <p>An event the publish API validated is checked again when the stream delivers it, because a consumer cannot tell
 * it from one a backend published straight to NATS. So that the API's events are not validated twice in the same
 * process, the verdicts of the latest valid API checks are remembered with the exact bytes published: a delivered
 * event that is byte-for-byte the same, on the same channel, gets the remembered verdict (validation is a function of
 * the channel and the bytes, so the answer is the one validating again would give); anything else is validated. The
 * memory is a fixed table of {@value #SLOTS} entries, each replaced by the next event that hashes to it.
 *
 * <p>An entry is only useful until the stream has delivered its event, which takes milliseconds. Each API check
 * therefore also forgets the entries older than {@value #MAX_AGE_MILLIS} ms among the next {@value #SWEEP} slots of a
 * cursor that goes round the table, so that at a steady publish rate the entries die young: left to be replaced by
 * hash collisions alone, at 1,000 events/s they lived about four seconds, long enough to be copied by the garbage
 * collector's young collections again and again (about 1.5 MB, which lengthened each pause). An event delivered later
 * than that is simply validated again.
 */
public final class SchemaEventCheck implements EventCheck {

    static final int SLOTS = 4096;
    /** Slots looked at per API check: the cursor goes round the table every {@code SLOTS / SWEEP} API checks. */
    static final int SWEEP = 8;
    static final long MAX_AGE_MILLIS = 500;
    private static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS);

    private final EventContract contract;
    private final LongSupplier nanoClock;
    private final AtomicReferenceArray<Remembered> recent = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger cursor = new AtomicInteger();

    /** @param contract the loaded contract */
    public SchemaEventCheck(EventContract contract) {
        this(contract, System::nanoTime);
    }

    /**
     * @param contract  the loaded contract
     * @param nanoClock the monotonic clock the age of remembered verdicts is measured with (nanoseconds)
     */
    SchemaEventCheck(EventContract contract, LongSupplier nanoClock) {
        this.contract = contract;
        this.nanoClock = nanoClock;
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
        long now = nanoClock.getAsLong();
        forgetOld(now);
        if (verdict.valid() && json != null) {
            recent.set(slot(channel, json), new Remembered(channel, json.clone(), verdict, now));
        }
        return verdict;
    }

    /** Clears the entries older than {@link #MAX_AGE_MILLIS} among the next {@link #SWEEP} slots of the cursor. */
    private void forgetOld(long now) {
        int first = cursor.getAndAdd(SWEEP);
        for (int i = 0; i < SWEEP; i++) {
            int slot = (first + i) & (SLOTS - 1);
            Remembered old = recent.get(slot);
            if (old != null && now - old.bornNanos > MAX_AGE_NANOS) {
                recent.compareAndSet(slot, old, null); // not if a newer entry took the slot meanwhile
            }
        }
    }

    private static int slot(String channel, byte[] json) {
        int h = channel.hashCode() * 31 + Arrays.hashCode(json);
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }

    /** A valid verdict, the exact channel and bytes it was given for, and when. */
    private record Remembered(String channel, byte[] json, Verdict verdict, long bornNanos) {
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
