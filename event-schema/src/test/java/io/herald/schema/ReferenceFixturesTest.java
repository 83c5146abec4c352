package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every JSON example of {@code ../shared/reference/*.txt}, copied verbatim into {@code fixtures/}, validates
 * exactly as written, on every channel namespace its type may be published on.
 */
class ReferenceFixturesTest {

    private static final EventContract CONTRACT = EventContract.load();
    private static final FrameContract FRAMES = FrameContract.load();

    static Stream<Path> fixtures() {
        return TestSupport.fixtures().stream();
    }

    @Test
    void allTwentySixReferenceExamplesAreFixtures() {
        // 11 ExportComments events, 3 CalcBridge events, 6 commerce entity events + 6 commerce frames.
        assertEquals(26, TestSupport.fixtures().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureValidatesAsWritten(Path fixture) throws Exception {
        String json = TestSupport.read(fixture);
        JsonNode tree = TestSupport.JSON.readTree(json);
        String type = tree.has("event") ? tree.get("event").asText() : tree.get("type").asText();
        if (FrameType.of(type).isPresent() && !tree.has("payload")) {
            List<ValidationError> errors = FrameType.of(type).get().fromClient()
                ? FRAMES.validateClientFrame(json) : FRAMES.validateServerFrame(json);
            assertEquals(List.of(), errors, fixture.getFileName().toString());
            return;
        }
        List<EventDefinition> defs = CONTRACT.catalog().findAll(type);
        assertTrue(!defs.isEmpty(), "catalogue knows " + type);
        int checked = 0;
        for (EventDefinition d : defs) {
            // job.progress is in two families: only the one matching the body's shape applies.
            if (!tree.has(d.family().discriminator())) {
                continue;
            }
            for (ChannelNamespace ns : d.namespaces()) {
                String channel = TestSupport.channel(ns);
                ValidationResult r = CONTRACT.validate(channel, Files.readAllBytes(fixture));
                assertEquals(List.of(), r.errors(), fixture.getFileName() + " on " + channel);
                assertTrue(r.valid());
                assertNotNull(r.event());
                assertEquals(type, r.event().type());
                assertEquals(d.family(), r.event().family());
                assertEquals(r, CONTRACT.validate(channel, json), "byte[] and String agree");
                checked++;
            }
        }
        assertTrue(checked > 0, "validated " + fixture);
    }

    @Test
    void everyCatalogueTypeHasASchemaWhoseExamplesValidate() {
        for (EventDefinition d : CONTRACT.catalog().definitions()) {
            JsonNode schema = TestSupport.schema(d.schemaPath());
            assertEquals(d.schemaId(), schema.get("$id").asText(), d.schemaPath());
            for (String key : List.of("title", "description", "examples")) {
                assertTrue(schema.hasNonNull(key), d.schemaPath() + " has " + key);
            }
            assertTrue(schema.get("examples").size() > 0);
            for (JsonNode example : schema.get("examples")) {
                for (ChannelNamespace ns : d.namespaces()) {
                    ValidationResult r = CONTRACT.validate(TestSupport.channel(ns), TestSupport.text(example));
                    assertEquals(List.of(), r.errors(), d.type() + " example on " + ns);
                }
            }
        }
    }

    @Test
    void everyFrameSchemaExampleValidates() {
        for (FrameType t : FrameType.values()) {
            JsonNode schema = TestSupport.schema(t.schemaPath());
            assertEquals(EventCatalog.SCHEMA_BASE_URI + t.schemaPath(), schema.get("$id").asText());
            for (JsonNode example : schema.get("examples")) {
                String json = TestSupport.text(example);
                List<ValidationError> errors = t.fromClient() ? FRAMES.validateClientFrame(json) : FRAMES.validateServerFrame(json);
                assertEquals(List.of(), errors, t + " example " + json);
            }
        }
    }

    @Test
    void everySchemaFileHasIdTitleDescriptionExamplesAndIsCompiled() throws Exception {
        Path root = TestSupport.resourceDir("schemas");
        java.util.Set<String> used = new java.util.HashSet<>(java.util.List.of(
            "envelope.json", "details.json", "typed-message.json", "entity-change.json", "channel-name.json",
            "frames/server/event.json"));
        CONTRACT.catalog().definitions().forEach(d -> used.add(d.schemaPath()));
        for (FrameType t : FrameType.values()) {
            used.add(t.schemaPath());
        }
        java.util.List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertEquals(used.size(), files.size(), "no orphan schema files");
        for (Path f : files) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            assertTrue(used.contains(rel), "schema file in use: " + rel);
            JsonNode schema = TestSupport.JSON.readTree(f.toFile());
            assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText(), rel);
            assertEquals(EventCatalog.SCHEMA_BASE_URI + rel, schema.path("$id").asText(), rel);
            for (String key : java.util.List.of("title", "description", "examples")) {
                assertTrue(schema.hasNonNull(key), rel + " has " + key);
            }
            assertNotNull(Schemas.compile(rel), rel);
        }
    }
}
