package io.herald.schema;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validator facade: event info, body problems, catalogue queries. */
class EventContractTest {

    private static final EventContract CONTRACT = EventContract.load();

    private static final String ENVELOPE_PROGRESS = """
        {"version":"v3-beta","event":"job.progress","guid":"g-1","status":"progress","url":null,
         "details":{"guid":"g-1","status":"progress"},"current":1,"total":2}""";
    private static final String TYPED_PROGRESS = """
        {"type":"job.progress","payload":{"job_id":"j-1","progress":50},"timestamp":"2026-01-25T10:30:05Z"}""";

    @Test
    void loadIsShared() {
        assertSame(CONTRACT, EventContract.load());
    }

    @Test
    void jobProgressIsReadByNamespaceAndShape() {
        ValidationResult envelope = CONTRACT.validate("exports:u1", ENVELOPE_PROGRESS);
        assertEquals(new EventInfo("job.progress", EventFamily.EXPORT_ENVELOPE, "g-1", true), envelope.event());
        assertTrue(envelope.valid());

        ValidationResult typed = CONTRACT.validate("job:j-1", TYPED_PROGRESS);
        assertEquals(new EventInfo("job.progress", EventFamily.TYPED_MESSAGE, "j-1", true), typed.event());
        assertTrue(typed.valid());

        assertFalse(CONTRACT.validate("job:j-1", ENVELOPE_PROGRESS).valid(), "envelope on job:");
        assertFalse(CONTRACT.validate("exports:u1", TYPED_PROGRESS).valid(), "typed on exports:");
        assertFalse(CONTRACT.validate("export.g-1.job", TYPED_PROGRESS).valid(), "typed on export.{guid}.job");
    }

    @Test
    void jobKeys() {
        assertEquals(new EventInfo("workbook.processing_progress", EventFamily.TYPED_MESSAGE, "wb-1", true),
            CONTRACT.validate("workbook:t:wb-1", """
                {"type":"workbook.processing_progress","payload":{"workbook_id":"wb-1","progress":75},"timestamp":"2026-01-25T10:30:05Z"}
                """).event());
        assertEquals(new EventInfo("job.completed", EventFamily.TYPED_MESSAGE, "77", false),
            CONTRACT.validate("job:77", """
                {"type":"job.completed","payload":{"job_id":77},"timestamp":"2026-01-25T10:30:05+01:00"}""").event());
        assertEquals(new EventInfo("order:deleted", EventFamily.ENTITY_CHANGE, "123", false),
            CONTRACT.validate("order_changes@t", """
                {"event":"order:deleted","data":{"id":123},"timestamp":"2026-01-25T10:30:00.000Z"}""").event());
        assertEquals(new EventInfo("subscription.updated", EventFamily.ACCOUNT, null, false),
            CONTRACT.validate("user:u1", """
                {"type":"subscription.updated","plan":"business","action":"expired","timestamp":1705312200}""").event());
        assertEquals(new EventInfo("notification", EventFamily.TYPED_MESSAGE, null, false),
            CONTRACT.validate("notifications:u1", """
                {"type":"notification","payload":{"id":"n1","title":"t","message":"m","priority":"normal"},"timestamp":"2026-01-25T10:30:00Z"}""").event());
    }

    @Test
    void timestampsAreChecked() {
        ValidationResult typed = CONTRACT.validate("job:j", """
            {"type":"job.started","payload":{"job_id":"j"},"timestamp":"2026-01-25 10:30"}""");
        assertEquals("/timestamp", typed.errors().get(0).pointer());
        assertTrue(typed.errors().get(0).message().contains("RFC 3339"), typed.errors().toString());
        assertFalse(CONTRACT.validate("job:j", """
            {"type":"job.started","payload":{"job_id":"j"},"timestamp":"2026-01-25T10:30:00"}""").valid(), "no offset");
        assertFalse(CONTRACT.validate("user:u1", """
            {"type":"subscription.updated","plan":"business","action":"created","timestamp":"2024-01-15T09:50:00Z"}""").valid(),
            "subscription.updated takes epoch seconds");
        assertFalse(CONTRACT.validate("user:u1", """
            {"type":"subscription.updated","plan":"business","action":"renewed","timestamp":1}""").valid(), "action enum");
    }

    @Test
    void envelopeDetailsMayBeNullAndUrlMustBeStringOrNull() {
        assertTrue(CONTRACT.validate("exports:u1", """
            {"version":"v3-beta","event":"job.created","guid":"g","status":"queueing","url":null,"details":null}""").valid());
        ValidationResult r = CONTRACT.validate("exports:u1", """
            {"version":"v3-beta","event":"job.created","guid":"g","status":"queueing","url":5,"details":null}""");
        assertEquals(List.of("/url"), r.errors().stream().map(ValidationError::pointer).toList());
        ValidationResult v = CONTRACT.validate("exports:u1", """
            {"version":"v3","event":"job.created","guid":"g","status":"queueing","url":null}""");
        assertEquals(List.of("/version"), v.errors().stream().map(ValidationError::pointer).toList());
        assertFalse(CONTRACT.validate("exports:u1", """
            {"version":"v3-beta","event":"bulk_download.ready","guid":"g","status":"ready","url":null,"details":{}}""").valid(),
            "bulk_download has no details");
    }

    @Test
    void bodiesThatAreNotJsonObjects() {
        for (String body : List.of("", "nope", "{\"a\":", "{} {}", "[]", "42", "\"s\"", "null", "{\"a\":1,\"a\":2}")) {
            ValidationResult r = CONTRACT.validate("job:1", body);
            assertFalse(r.valid(), body);
            assertNull(r.event(), body);
            assertEquals("", r.errors().get(0).pointer());
            assertFalse(r.errors().get(0).message().contains("Source:"), "no Jackson source dump: " + r.errors());
        }
        ValidationResult bytes = CONTRACT.validate("job:1", "\u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1));
        assertFalse(bytes.valid());
    }

    @Test
    void objectWithoutTypeHasNoEventInfo() {
        ValidationResult r = CONTRACT.validate("job:1", "{\"payload\":{}}");
        assertNull(r.event());
        assertEquals(List.of(new ValidationError("/type", "required property 'type' (the event type) is missing")), r.errors());
        ValidationResult unknownChannel = CONTRACT.validate("chat", "{\"hello\":1}");
        assertNull(unknownChannel.event());
        assertEquals(2, unknownChannel.errors().size());
    }

    @Test
    void invalidChannelStillReportsBodyErrors() {
        ValidationResult r = CONTRACT.validate("job:*", TYPED_PROGRESS);
        assertFalse(r.valid());
        assertTrue(r.errors().get(0).message().contains("wildcard"), r.errors().toString());
        assertEquals("job.progress", r.event().type());
    }

    @Test
    void errorsJsonIsValidJson() throws Exception {
        ValidationResult r = CONTRACT.validate("job:1", "{\"type\":\"job.nope\",\"payload\":{},\"timestamp\":\"x\\\"\\n\"}");
        assertFalse(r.valid());
        var tree = TestSupport.JSON.readTree(r.errorsJson());
        assertEquals(r.errors().size(), tree.size());
        assertEquals(r.errors().get(0).message(), tree.get(0).get("message").asText());
        assertEquals("[]", CONTRACT.validate("job:1", TYPED_PROGRESS).errorsJson());
    }

    @Test
    void catalogueQueries() {
        Set<String> types = CONTRACT.eventTypes();
        assertTrue(types.containsAll(List.of("job.progress", "job.finished", "bulk_download.ready", "webhook.event.created",
            "subscription.updated", "notification", "alert", "workbook.processing_progress", "sheet.data_updated",
            "job.retrying", "order:updated", "transaction:deleted", "dashboard.updated")));
        assertEquals(CONTRACT.catalog().definitions().size() - 2, types.size(), "job.progress and job.failed counted once");
        assertEquals(Set.of("job.started", "job.progress", "job.completed", "job.failed", "job.cancelled", "job.retrying"),
            CONTRACT.eventTypesFor(ChannelNamespace.JOB));
        assertEquals(Set.of("order:created", "order:updated", "order:deleted"), CONTRACT.eventTypesFor(ChannelNamespace.ORDER_CHANGES));
        assertEquals(Set.of("notification", "alert"), CONTRACT.eventTypesFor(ChannelNamespace.NOTIFICATIONS));
        assertEquals(CONTRACT.eventTypesFor(ChannelNamespace.EXPORTS), CONTRACT.eventTypesFor(ChannelNamespace.EXPORT_JOB));
        for (ChannelNamespace ns : ChannelNamespace.values()) {
            assertFalse(CONTRACT.eventTypesFor(ns).isEmpty(), ns + " carries events");
        }
        assertEquals(2, CONTRACT.catalog().findAll("job.progress").size());
    }
}
