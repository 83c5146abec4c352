package io.herald.bus.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.schema.EventContract;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The contract check and its memory of the publish API's verdicts. */
class SchemaEventCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNEL = "order_changes@acme";
    private static final String VALID =
        "{\"event\":\"order:updated\",\"data\":{\"id\":7,\"changed_fields\":{\"status\":\"paid\"}},\"timestamp\":\"2026-01-25T10:30:00Z\"}";
    private static final String INVALID =
        "{\"event\":\"order:updated\",\"data\":{\"id\":7},\"timestamp\":\"2026-01-25T10:30:00Z\"}";

    private final SchemaEventCheck check = new SchemaEventCheck(EventContract.load());

    @Test
    void theSameBytesOnTheSameChannelGetTheApiVerdictWithoutASecondValidation() throws Exception {
        byte[] published = bytes(VALID);
        Verdict atApi = check.check(CHANNEL, JSON.readTree(published), published);
        assertTrue(atApi.valid(), atApi.errors().toString());

        Verdict delivered = check.check(CHANNEL, bytes(VALID)); // another array with the same bytes, as the stream delivers it
        assertSame(atApi, delivered);
        assertEquals("order:updated", delivered.type());
    }

    @Test
    void anotherChannelOrOtherBytesAreValidated() throws Exception {
        byte[] published = bytes(VALID);
        Verdict atApi = check.check(CHANNEL, JSON.readTree(published), published);

        Verdict otherChannel = check.check("order_changes@other", published);
        assertNotSame(atApi, otherChannel);
        assertTrue(otherChannel.valid());

        Verdict notAChannelForIt = check.check("exports:7c1e9a52-5d31-4a3e-9f0e-2b7d8c4e6a10", published);
        assertFalse(notAChannelForIt.valid(), "an order event is not valid on an exports channel");

        Verdict otherBytes = check.check(CHANNEL, bytes(INVALID));
        assertFalse(otherBytes.valid());
    }

    @Test
    void anInvalidVerdictIsNotRemembered() throws Exception {
        byte[] refused = bytes(INVALID);
        Verdict atApi = check.check(CHANNEL, JSON.readTree(refused), refused);
        assertFalse(atApi.valid());

        Verdict delivered = check.check(CHANNEL, refused);
        assertNotSame(atApi, delivered);
        assertFalse(delivered.valid());
    }

    @Test
    void changingTheCallersArrayAfterTheCheckDoesNotChangeWhatIsRemembered() throws Exception {
        byte[] published = bytes(VALID);
        JsonNode tree = JSON.readTree(published);
        assertTrue(check.check(CHANNEL, tree, published).valid());

        int digit = VALID.indexOf("\"id\":7") + 5;
        published[digit] = 'x'; // now not JSON: were the array itself remembered, it would still match
        Verdict delivered = check.check(CHANNEL, published);
        assertFalse(delivered.valid(), "the changed bytes are validated, not matched to the remembered ones");
    }

    @Test
    void anEntryOlderThanTheMaxAgeIsForgottenOnceTheSweepHasGoneRoundTheTable() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        SchemaEventCheck aged = new SchemaEventCheck(EventContract.load(), nanos::get);
        byte[] published = bytes(VALID);
        Verdict atApi = aged.check(CHANNEL, JSON.readTree(published), published);
        assertTrue(atApi.valid());

        // younger than the max age: a whole round of the sweep leaves it (invalid events are not remembered, so no
        // other entry can take its slot)
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(SchemaEventCheck.MAX_AGE_MILLIS - 100));
        JsonNode refused = JSON.readTree(INVALID);
        for (int i = 0; i < SchemaEventCheck.SLOTS / SchemaEventCheck.SWEEP; i++) {
            assertFalse(aged.check(CHANNEL, refused, bytes(INVALID)).valid());
        }
        assertSame(atApi, aged.check(CHANNEL, bytes(VALID)), "still remembered while young");

        // older: the next round of the sweep clears it, and the delivered event is validated again
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        for (int i = 0; i < SchemaEventCheck.SLOTS / SchemaEventCheck.SWEEP; i++) {
            aged.check(CHANNEL, refused, bytes(INVALID));
        }
        Verdict delivered = aged.check(CHANNEL, bytes(VALID));
        assertNotSame(atApi, delivered);
        assertTrue(delivered.valid());
        assertEquals("order:updated", delivered.type());
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
