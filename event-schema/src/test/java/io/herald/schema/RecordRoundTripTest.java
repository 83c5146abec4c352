package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.schema.event.EntityChange;
import io.herald.schema.event.ExportEvent;
import io.herald.schema.event.SubscriptionUpdated;
import io.herald.schema.event.TypedMessage;
import io.herald.schema.frame.ConnectedFrame;
import io.herald.schema.frame.ErrorFrame;
import io.herald.schema.frame.PingFrame;
import io.herald.schema.frame.PongFrame;
import io.herald.schema.frame.SubscribeFrame;
import io.herald.schema.frame.SubscribedFrame;
import io.herald.schema.frame.UnsubscribeFrame;
import io.herald.schema.frame.UnsubscribedFrame;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records match the schemas: every fixture and schema example survives json → record → json unchanged
 * (compared as JSON trees), and records built in Java validate. Uses Micronaut Serde's generated
 * introspection (no reflection).
 */
class RecordRoundTripTest {

    private static final ObjectMapper SERDE = ObjectMapper.getDefault();
    private static final EventContract CONTRACT = EventContract.load();
    private static final FrameContract FRAMES = FrameContract.load();

    static Class<?> recordFor(JsonNode tree) {
        if (tree.has("event")) {
            return tree.get("event").asText().contains(":") ? EntityChange.class : ExportEvent.class;
        }
        String type = tree.get("type").asText();
        if (tree.has("payload")) {
            return TypedMessage.class;
        }
        return switch (type) {
            case "subscription.updated" -> SubscriptionUpdated.class;
            case "subscribe" -> SubscribeFrame.class;
            case "unsubscribe" -> UnsubscribeFrame.class;
            case "ping" -> PingFrame.class;
            case "connected" -> ConnectedFrame.class;
            case "subscribed" -> SubscribedFrame.class;
            case "unsubscribed" -> UnsubscribedFrame.class;
            case "pong" -> PongFrame.class;
            case "error" -> ErrorFrame.class;
            default -> throw new AssertionError("no record for " + type);
        };
    }

    static Stream<Path> fixtures() {
        return TestSupport.fixtures().stream();
    }

    private static void assertLossless(String json, String label) throws Exception {
        JsonNode expected = TestSupport.JSON.readTree(json);
        Class<?> type = recordFor(expected);
        Object record = SERDE.readValue(json, type);
        String written = SERDE.writeValueAsString(record);
        assertEquals(expected, TestSupport.JSON.readTree(written), label + " via " + type.getSimpleName() + ": " + written);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureRoundTripsLosslessly(Path fixture) throws Exception {
        assertLossless(TestSupport.read(fixture), fixture.getFileName().toString());
    }

    @Test
    void everySchemaExampleRoundTripsLosslessly() throws Exception {
        for (EventDefinition d : CONTRACT.catalog().definitions()) {
            for (JsonNode example : TestSupport.schema(d.schemaPath()).get("examples")) {
                assertLossless(TestSupport.text(example), d.schemaPath());
            }
        }
        for (FrameType t : FrameType.values()) {
            for (JsonNode example : TestSupport.schema(t.schemaPath()).get("examples")) {
                assertLossless(TestSupport.text(example), t.schemaPath());
            }
        }
    }

    @Test
    void nullUrlIsWrittenAndAbsentDetailsStayAbsent() throws Exception {
        String json = SERDE.writeValueAsString(ExportEvent.of("bulk_download.failed", "g", "error", null, null));
        JsonNode tree = TestSupport.JSON.readTree(json);
        assertTrue(tree.has("url") && tree.get("url").isNull(), json);
        assertTrue(!tree.has("details") && !tree.has("current"), json);
        assertEquals(List.of(), CONTRACT.validate("exports:u1", json).errors());
    }

    @Test
    void recordsBuiltInJavaValidate() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("guid", "g-1");
        details.put("status", "progress");
        details.put("totalExported", 5);
        assertValidEvent("exports:u1", ExportEvent.progress("g-1", 5, 10, details));
        assertValidEvent("export.g-1.job", ExportEvent.of("job.created", "g-1", "queueing", null, Map.of("guid", "g-1", "status", "queueing")));
        assertValidEvent("webhooks:u1", ExportEvent.of("webhook.event.created", "m-1", "200", null,
            Map.of("uuid", "m-1", "event", "job.finished", "responseCode", "200", "webhookUrl", "https://example.com/hook")));
        assertValidEvent("job:j-1", TypedMessage.of("job.progress", Map.of("job_id", "j-1", "progress", 12.5),
            Instant.parse("2026-01-25T10:30:05.123Z")));
        assertValidEvent("user:u1", SubscriptionUpdated.of("business", "canceled", 1705312200L));
        assertValidEvent("order_changes@acme", new EntityChange("order:updated",
            Map.of("id", 1, "changed_fields", Map.of()), "2026-01-25T10:30:00.000Z"));

        assertValidFrame(true, SubscribeFrame.of("order_changes", 41L));
        assertValidFrame(true, SubscribeFrame.of("job:1", null));
        assertValidFrame(true, UnsubscribeFrame.of("job:1"));
        assertValidFrame(true, PingFrame.of());
        assertValidFrame(false, ConnectedFrame.of(TestSupport.USER, List.of("exports:" + TestSupport.USER)));
        assertValidFrame(false, SubscribedFrame.of("order_changes"));
        assertValidFrame(false, new SubscribedFrame(null, "job:1", 7L, "e1", false));
        assertValidFrame(false, UnsubscribedFrame.of("job:1"));
        assertValidFrame(false, PongFrame.of());
        assertValidFrame(false, ErrorFrame.of("not_permitted", "not permitted"));
    }

    @Test
    void typedMessageTimestamp() {
        TypedMessage m = TypedMessage.of("alert", Map.of(), Instant.parse("2026-01-25T10:30:05Z"));
        assertEquals("2026-01-25T10:30:05Z", m.timestamp());
        assertEquals(Instant.parse("2026-01-25T10:30:05Z"), m.instant());
        assertEquals(Instant.parse("2026-01-25T09:30:05Z"),
            new TypedMessage("alert", Map.of(), "2026-01-25T10:30:05+01:00").instant());
    }

    @Test
    void framesRefuseAnotherFramesType() {
        assertThrows(IllegalArgumentException.class, () -> new PingFrame("pong"));
        assertThrows(IllegalArgumentException.class, () -> SubscriptionUpdated.of("p", "renewed", 1));
        assertEquals("ping", new PingFrame(null).type());
    }

    private static void assertValidEvent(String channel, Object event) throws Exception {
        String json = SERDE.writeValueAsString(event);
        assertEquals(List.of(), CONTRACT.validate(channel, json).errors(), json);
    }

    private static void assertValidFrame(boolean client, Object frame) throws Exception {
        String json = SERDE.writeValueAsString(frame);
        assertEquals(List.of(), client ? FRAMES.validateClientFrame(json) : FRAMES.validateServerFrame(json), json);
    }
}
