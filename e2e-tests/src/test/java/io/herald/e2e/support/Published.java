package io.herald.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What a scenario published, by stream offset, so that what clients received can be checked against it:
 * each delivered event must be one that was published on that channel, unchanged, with its own offset, and
 * the offsets must strictly increase (stream order).
 */
public final class Published {

    private final Map<Long, JsonNode> byOffset = Collections.synchronizedMap(new TreeMap<>());
    private final Map<Long, String> channelByOffset = Collections.synchronizedMap(new TreeMap<>());

    public void add(String channel, long offset, JsonNode event) {
        // Normalised through its JSON text, as a client would read it (a long 1 and an int 1 are the same event).
        byOffset.put(offset, Json.read(Json.write(event)));
        channelByOffset.put(offset, channel);
    }

    public JsonNode at(long offset) {
        return byOffset.get(offset);
    }

    /** The offsets published on {@code channel}, in stream order. */
    public List<Long> offsets(String channel) {
        synchronized (byOffset) {
            List<Long> out = new ArrayList<>();
            channelByOffset.forEach((o, c) -> {
                if (c.equals(channel)) {
                    out.add(o);
                }
            });
            return out;
        }
    }

    /**
     * The offset of an event published on {@code channel} with exactly this content: for a Centrifugo publication
     * that carries no offset (a trailing progress released below the client's position is sent without one).
     *
     * @return the offset, or 0 when no such event was published
     */
    public long offsetOf(String channel, JsonNode event) {
        synchronized (byOffset) {
            for (Map.Entry<Long, JsonNode> e : byOffset.entrySet()) {
                if (channel.equals(channelByOffset.get(e.getKey())) && e.getValue().equals(event)) {
                    return e.getKey();
                }
            }
        }
        return 0;
    }

    /**
     * Asserts {@code delivered} (Herald frames of one channel carrying several jobs, as received) holds only
     * events published on {@code channel}, unchanged, each at most once, with every job's events in stream order
     * (P3) and every non-progress event in stream order. A trailing progress (P2) is delivered when its window
     * closes, so it may follow newer events of <em>other</em> jobs: that is the one exception to channel order.
     */
    public void assertFaithfulPerJob(String channel, List<JsonNode> delivered, Supplier<String> context) {
        Map<String, Long> lastOfJob = new java.util.HashMap<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long lastNonProgress = Long.MIN_VALUE;
        for (JsonNode frame : delivered) {
            assertTrue(frame.path("offset").canConvertToLong(), () -> "event without an offset: " + frame + "\n" + context.get());
            long offset = frame.path("offset").asLong();
            assertTrue(seen.add(offset), () -> "offset " + offset + " delivered twice on " + channel + "\n" + context.get());
            JsonNode sent = byOffset.get(offset);
            assertNotNull(sent, () -> "delivered offset " + offset + " was never published: " + frame + "\n" + context.get());
            assertEquals(channel, channelByOffset.get(offset), () -> "offset " + offset + " belongs to another channel\n" + context.get());
            assertEquals(sent, Json.withoutDeliveryFields(frame), () -> "event at " + offset + " changed in transit\n" + context.get());
            String job = jobOf(frame);
            Long previous = lastOfJob.put(job, offset);
            assertTrue(previous == null || offset > previous, () -> "job " + job + ": offset " + offset + " after " + previous
                    + " (P3)\n" + context.get());
            if (!isProgress(frame)) {
                long prev = lastNonProgress;
                assertTrue(offset > prev, () -> "non-progress offset " + offset + " after " + prev + " on " + channel + "\n" + context.get());
                lastNonProgress = offset;
            }
        }
    }

    /** Each job's delivered offsets, in delivery order: what every instance must agree on (P5). */
    public static Map<String, List<Long>> offsetsPerJob(List<JsonNode> delivered) {
        Map<String, List<Long>> out = new TreeMap<>();
        delivered.forEach(f -> out.computeIfAbsent(jobOf(f), j -> new ArrayList<>()).add(f.path("offset").asLong()));
        return out;
    }

    /** The throttling key of an event: its job ({@code guid}, {@code payload.job_id}, {@code payload.workbook_id}). */
    public static String jobOf(JsonNode event) {
        if (event.hasNonNull("guid")) {
            return event.get("guid").asText();
        }
        JsonNode payload = event.path("payload");
        return payload.hasNonNull("job_id") ? payload.get("job_id").asText() : payload.path("workbook_id").asText("");
    }

    /** Whether the event is one of the throttled progress types. */
    public static boolean isProgress(JsonNode event) {
        return "job.progress".equals(event.path("event").asText()) || "job.progress".equals(event.path("type").asText())
                || "workbook.processing_progress".equals(event.path("type").asText());
    }

    /**
     * Asserts {@code delivered} (Herald frames of one channel, as received) is an in-order subsequence of what
     * was published on {@code channel}, each event unchanged.
     */
    public void assertFaithfulSubsequence(String channel, List<JsonNode> delivered, Supplier<String> context) {
        long previous = Long.MIN_VALUE;
        for (JsonNode frame : delivered) {
            assertTrue(frame.path("offset").canConvertToLong(), () -> "event without an offset: " + frame + "\n" + context.get());
            long offset = frame.path("offset").asLong();
            long prev = previous;
            assertTrue(offset > prev, () -> "offset " + offset + " after " + prev + " on " + channel + "\n" + context.get());
            JsonNode sent = byOffset.get(offset);
            assertNotNull(sent, () -> "delivered offset " + offset + " was never published: " + frame + "\n" + context.get());
            assertEquals(channel, channelByOffset.get(offset), () -> "offset " + offset + " belongs to another channel\n" + context.get());
            assertEquals(sent, Json.withoutDeliveryFields(frame), () -> "event at " + offset + " changed in transit\n" + context.get());
            previous = offset;
        }
    }
}
