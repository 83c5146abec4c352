package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For every event type: a missing required field, a wrong type, an unknown event name, missing nested
 * required fields and every wrong namespace are rejected, each with a pointer and a useful message.
 */
class InvalidEventsTest {

    private static final EventContract CONTRACT = EventContract.load();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static Stream<EventDefinition> definitions() {
        return CONTRACT.catalog().definitions().stream();
    }

    private static ValidationResult validateAtHome(EventDefinition d, JsonNode body) {
        return CONTRACT.validate(TestSupport.channel(TestSupport.home(d)), TestSupport.text(body));
    }

    private static ValidationError errorAt(ValidationResult r, String pointer) {
        assertFalse(r.valid(), "rejected");
        return r.errors().stream().filter(e -> e.pointer().equals(pointer)).findFirst()
            .orElseThrow(() -> new AssertionError("no error at " + pointer + " in " + r.errors()));
    }

    /** A required top-level field of each family, and a value of the wrong type for it. */
    private static String keyField(EventFamily f) {
        return switch (f.name()) {
            case "export" -> "guid";
            case "typed" -> "timestamp";
            case "account" -> "plan";
            case "entity" -> "data";
            default -> throw new IllegalStateException("family " + f);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void exampleIsValidAtHome(EventDefinition d) {
        ValidationResult r = validateAtHome(d, TestSupport.example(d));
        assertEquals(List.of(), r.errors());
        assertEquals(d.type(), r.event().type());
        assertEquals(d.progress(), r.event().progress());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void missingRequiredFieldIsRejected(EventDefinition d) {
        ObjectNode body = TestSupport.example(d);
        String field = keyField(d.family());
        body.remove(field);
        ValidationError e = errorAt(validateAtHome(d, body), "/" + field);
        assertTrue(e.message().contains("required property '" + field + "'"), e.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void wrongTypeIsRejected(EventDefinition d) {
        ObjectNode body = TestSupport.example(d);
        String field = keyField(d.family());
        JsonNode wrong = switch (d.family().name()) {
            case "export" -> NODES.numberNode(42);
            case "typed" -> NODES.numberNode(1769336400);
            case "account" -> NODES.booleanNode(true);
            case "entity" -> NODES.arrayNode();
            default -> throw new IllegalStateException("family " + d.family());
        };
        body.set(field, wrong);
        ValidationError e = errorAt(validateAtHome(d, body), "/" + field);
        assertTrue(e.message().contains("expected"), e.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void unknownEventNameIsRejected(EventDefinition d) {
        ObjectNode body = TestSupport.example(d);
        String discriminator = d.family().discriminator();
        String unknown = d.family() == EventFamily.ENTITY_CHANGE ? d.type().replace(":", ":archived_") : d.type() + "_typo";
        body.put(discriminator, unknown);
        ValidationResult r = validateAtHome(d, body);
        ValidationError e = errorAt(r, "/" + discriminator);
        assertTrue(e.message().contains("unknown event type '" + unknown + "'"), e.message());
        assertTrue(e.message().contains("allowed: ["), "lists the allowed types: " + e.message());
        assertNotNull(r.event(), "the type was readable");
        assertEquals(unknown, r.event().type());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void eventTypeAsNonStringIsRejected(EventDefinition d) {
        ObjectNode body = TestSupport.example(d);
        body.set(d.family().discriminator(), NODES.numberNode(7));
        ValidationResult r = validateAtHome(d, body);
        ValidationError e = errorAt(r, "/" + d.family().discriminator());
        assertTrue(e.message().contains("must be a string"), e.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void unexpectedTopLevelPropertyIsRejected(EventDefinition d) {
        ObjectNode body = TestSupport.example(d);
        body.put("evnet", "typo");
        ValidationError e = errorAt(validateAtHome(d, body), "/evnet");
        assertTrue(e.message().contains("not defined in the schema"), e.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void nestedRequiredFieldsAreEnforced(EventDefinition d) {
        JsonNode schema = TestSupport.schema(d.schemaPath());
        String container = switch (d.family().name()) {
            case "typed" -> "payload";
            case "entity" -> "data";
            case "export" -> "details";
            case "account" -> null;
            default -> throw new IllegalStateException("family " + d.family());
        };
        if (container == null) {
            return;
        }
        List<String> required = nestedRequired(d, schema, container);
        ObjectNode example = TestSupport.example(d);
        if (!example.path(container).isObject()) {
            return; // bulk_download: no details
        }
        for (String field : required) {
            ObjectNode body = example.deepCopy();
            ((ObjectNode) body.get(container)).remove(field);
            ValidationError e = errorAt(validateAtHome(d, body), "/" + container + "/" + field);
            assertTrue(e.message().contains("required property '" + field + "'"), e.message());
        }
    }

    private static List<String> nestedRequired(EventDefinition d, JsonNode schema, String container) {
        java.util.ArrayList<String> fields = new java.util.ArrayList<>();
        schema.path("properties").path(container).path("required").forEach(n -> fields.add(n.asText()));
        if (d.family() == EventFamily.ENTITY_CHANGE) {
            fields.add("id");
        }
        if (d.family() == EventFamily.EXPORT_ENVELOPE) {
            String ref = schema.path("properties").path("details").path("$ref").asText("");
            String def = ref.substring(ref.lastIndexOf('/') + 1);
            if (!def.isEmpty()) {
                TestSupport.schema("details.json").path("$defs").path(def).path("required").forEach(n -> fields.add(n.asText()));
            }
        }
        return fields;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void wrongNamespaceIsRejected(EventDefinition d) {
        String body = TestSupport.text(TestSupport.example(d));
        Set<ChannelNamespace> others = new HashSet<>(List.of(ChannelNamespace.values()));
        others.removeAll(d.namespaces());
        for (ChannelNamespace ns : others) {
            String channel = TestSupport.channel(ns);
            ValidationResult r = CONTRACT.validate(channel, body);
            assertFalse(r.valid(), d.type() + " must not be accepted on " + channel);
            assertTrue(r.errors().stream().anyMatch(e -> e.pointer().startsWith("/") && !e.message().isBlank()),
                d.type() + " on " + channel + ": " + r.errors());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void channelOutsideTheTableIsRejected(EventDefinition d) {
        ValidationResult r = CONTRACT.validate("order_changes", TestSupport.text(TestSupport.example(d)));
        ValidationError e = errorAt(r, "");
        assertTrue(e.message().contains("is not an event channel"), e.message());
        assertEquals(d.type(), r.event().type(), "the event is still recognised for logging");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void nullForAnObjectFieldIsRejected(EventDefinition d) {
        ObjectNode body = TestSupport.example(d);
        String field = switch (d.family().name()) {
            case "typed" -> "payload";
            case "entity" -> "data";
            case "export" -> "version";
            case "account" -> "action";
            default -> throw new IllegalStateException("family " + d.family());
        };
        body.set(field, NODES.nullNode());
        assertFalse(validateAtHome(d, body).valid());
    }

    @org.junit.jupiter.api.Test
    void arraysAreNotEvents() {
        ArrayNode arr = NODES.arrayNode().add(1);
        ValidationResult r = CONTRACT.validate("job:1", TestSupport.text(arr));
        assertEquals(List.of(new ValidationError("", "event must be a JSON object, got an array")), r.errors());
    }
}
