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
        byOffset.put(offset, event);
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
