package io.herald.schema.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build's breaking-change check: the schemas under {@code src/main/resources/schemas} against the last released
 * set under {@code released/<version>/}; then the checker itself on synthetic before/after pairs.
 */
class SchemaCompatibilityTest {

    private static final Path RELEASED = Path.of("released");
    private static final Path CURRENT = Path.of("src/main/resources/schemas");
    private static final Path CHANGELOG = Path.of("../CHANGELOG.md");

    static Path lastRelease() throws IOException {
        try (Stream<Path> dirs = Files.list(RELEASED)) {
            return dirs.filter(Files::isDirectory)
                .max(Comparator.comparing(p -> p.getFileName().toString(), SchemaCompatibilityTest::compareVersions))
                .orElseThrow(() -> new IllegalStateException("no released schema set under " + RELEASED.toAbsolutePath()));
        }
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            int c = p.matches("\\d+") && q.matches("\\d+") ? Integer.compare(Integer.parseInt(p), Integer.parseInt(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Test
    void currentSchemasHaveNoUnapprovedBreakingChangeSinceTheLastRelease() throws IOException {
        Path release = lastRelease();
        String changelog = Files.exists(CHANGELOG) ? Files.readString(CHANGELOG) : "";
        List<SchemaCompatibility.Break> unapproved =
            SchemaCompatibility.unapproved(SchemaSet.walk(release), SchemaSet.walk(CURRENT), changelog);
        assertTrue(unapproved.isEmpty(), () -> "breaking schema changes since " + release.getFileName() + ":\n  "
            + String.join("\n  ", unapproved.stream().map(Object::toString).toList())
            + "\nRaise the schema's \"x-version\" and add a CHANGELOG.md line naming its path and the new version "
            + "(e.g. '- events/entity/order-updated.json v2: …'), or undo the change.");
    }

    // ---- the checker on synthetic pairs ----

    private static final String ID = "https://schemas.herald.io/events/test/thing.updated.json";
    private static final String BASE_ID = "https://schemas.herald.io/base.json";

    private static String schema(String version, String required, String properties) {
        return "{\"$id\":\"" + ID + "\",\"title\":\"thing.updated\"" + version + ",\"type\":\"object\",\"required\":[" + required
            + "],\"properties\":{" + properties + "}}";
    }

    private static final String BEFORE = schema("", "\"event\"",
        "\"event\":{\"const\":\"thing.updated\"},\"name\":{\"type\":[\"string\",\"null\"]},"
            + "\"state\":{\"enum\":[\"a\",\"b\"]},\"count\":{\"type\":\"integer\",\"minimum\":0},"
            + "\"data\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}");

    private static List<String> breaks(String before, String after) {
        return SchemaCompatibility.breaks(SchemaSet.of(Map.of(ID, before)), SchemaSet.of(Map.of(ID, after)))
            .stream().map(Object::toString).toList();
    }

    @Test
    void identicalAndWideningChangesAreCompatible() {
        assertEquals(List.of(), breaks(BEFORE, BEFORE));
        String widened = BEFORE
            .replace("{\"type\":[\"string\",\"null\"]}", "{\"type\":[\"string\",\"null\",\"integer\"]}")
            .replace("[\"a\",\"b\"]", "[\"a\",\"b\",\"c\"]")
            .replace("\"type\":\"integer\",\"minimum\":0", "\"type\":\"number\"")
            .replace("\"data\":{", "\"extra\":{\"type\":\"string\"},\"data\":{");
        assertEquals(List.of(), breaks(BEFORE, widened));
    }

    @Test
    void removingAFieldBreaks() {
        String after = BEFORE.replace(",\"data\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}", "");
        assertEquals(List.of("events/test/thing.updated.json at data: field removed"), breaks(BEFORE, after));
        String nested = BEFORE.replace("\"properties\":{\"id\":{\"type\":\"string\"}}", "\"properties\":{}");
        assertEquals(List.of("events/test/thing.updated.json at data.id: field removed"), breaks(BEFORE, nested));
    }

    @Test
    void narrowingATypeBreaks() {
        assertEquals(List.of("events/test/thing.updated.json at name: type narrowed from [string, null] to [string]"),
            breaks(BEFORE, BEFORE.replace("{\"type\":[\"string\",\"null\"]}", "{\"type\":\"string\"}")));
        assertEquals(List.of("events/test/thing.updated.json at state: enum value \"b\" removed"),
            breaks(BEFORE, BEFORE.replace("[\"a\",\"b\"]", "[\"a\"]")));
        assertEquals(List.of("events/test/thing.updated.json at count: minimum raised to 1"),
            breaks(BEFORE, BEFORE.replace("\"minimum\":0", "\"minimum\":1")));
        assertEquals(List.of("events/test/thing.updated.json: additional properties no longer allowed"),
            breaks(BEFORE, BEFORE.replace("\"type\":\"object\",\"required\"", "\"type\":\"object\",\"additionalProperties\":false,\"required\"")));
    }

    @Test
    void addingARequiredFieldBreaks() {
        assertEquals(List.of("events/test/thing.updated.json: required field added: name"),
            breaks(BEFORE, BEFORE.replace("\"required\":[\"event\"]", "\"required\":[\"event\",\"name\"]")));
    }

    @Test
    void removingAnEventTypeBreaks() {
        String other = "https://schemas.herald.io/events/test/other.json";
        List<SchemaCompatibility.Break> breaks = SchemaCompatibility.breaks(
            SchemaSet.of(Map.of(ID, BEFORE, other, "{\"$id\":\"" + other + "\",\"title\":\"other\"}")),
            SchemaSet.of(Map.of(ID, BEFORE)));
        assertEquals(List.of("events/test/other.json: schema removed"), breaks.stream().map(Object::toString).toList());
    }

    @Test
    void aMovedSchemaIsComparedByItsTitle() {
        String moved = "https://schemas.herald.io/events/moved/thing.updated.json";
        assertEquals(List.of(), SchemaCompatibility.breaks(SchemaSet.of(Map.of(ID, BEFORE)),
            SchemaSet.of(Map.of(moved, BEFORE.replace(ID, moved)))));
    }

    @Test
    void movedSchemasSharingATitleAreMatchedToTheClosestNewOne() {
        String typed = "https://schemas.herald.io/events/typed/thing.updated.json";
        String typedSchema = "{\"$id\":\"" + typed + "\",\"title\":\"thing.updated\",\"type\":\"object\",\"required\":[\"type\"],"
            + "\"properties\":{\"type\":{\"const\":\"thing.updated\"},\"payload\":{\"type\":\"object\"}}}";
        String movedEnvelope = "https://schemas.herald.io/v2/export/thing.updated.json";
        String movedTyped = "https://schemas.herald.io/v2/typed/thing.updated.json";
        SchemaSet before = SchemaSet.of(Map.of(ID, BEFORE, typed, typedSchema));
        SchemaSet after = SchemaSet.of(Map.of(movedTyped, typedSchema.replace(typed, movedTyped),
            movedEnvelope, BEFORE.replace(ID, movedEnvelope)));
        assertEquals(List.of(), SchemaCompatibility.breaks(before, after));
    }

    @Test
    void aFieldRemovedFromABaseSchemaBreaksTheEventsThatReferToIt() {
        String base = "{\"$id\":\"" + BASE_ID + "\",\"type\":\"object\",\"properties\":{\"guid\":{\"type\":\"string\"},\"url\":{\"type\":\"string\"}}}";
        String event = "{\"$id\":\"" + ID + "\",\"title\":\"thing.updated\",\"allOf\":[{\"$ref\":\"../../base.json\"}],"
            + "\"properties\":{\"event\":{\"const\":\"thing.updated\"}}}";
        List<SchemaCompatibility.Break> breaks = SchemaCompatibility.breaks(
            SchemaSet.of(Map.of(BASE_ID, base, ID, event)),
            SchemaSet.of(Map.of(BASE_ID, base.replace(",\"url\":{\"type\":\"string\"}", ""), ID, event)));
        assertEquals(List.of("base.json at url: field removed", "events/test/thing.updated.json at url: field removed"),
            breaks.stream().map(Object::toString).sorted().toList());
    }

    @Test
    void aBreakingChangeIsApprovedOnlyByAVersionBumpListedInTheChangelog() {
        String after = BEFORE.replace("\"required\":[\"event\"]", "\"required\":[\"event\",\"name\"]");
        String bumped = after.replace("\"title\":\"thing.updated\"", "\"title\":\"thing.updated\",\"x-version\":2");
        SchemaSet before = SchemaSet.of(Map.of(ID, BEFORE));
        String listed = "# Changelog\n## 0.2.0\n- events/test/thing.updated.json v2: `name` is required\n";
        assertEquals(1, SchemaCompatibility.unapproved(before, SchemaSet.of(Map.of(ID, after)), listed).size(), "no bump");
        assertEquals(1, SchemaCompatibility.unapproved(before, SchemaSet.of(Map.of(ID, bumped)), "# Changelog\n").size(), "not listed");
        assertEquals(1, SchemaCompatibility.unapproved(before, SchemaSet.of(Map.of(ID, bumped)),
            listed.replace("v2", "v3")).size(), "listed with another version");
        assertEquals(List.of(), SchemaCompatibility.unapproved(before, SchemaSet.of(Map.of(ID, bumped)), listed));

        String other = "https://schemas.herald.io/events/test/other.json";
        SchemaSet withOther = SchemaSet.of(Map.of(ID, BEFORE, other, "{\"$id\":\"" + other + "\",\"title\":\"other\"}"));
        assertEquals(1, SchemaCompatibility.unapproved(withOther, before, "").size());
        assertEquals(List.of(), SchemaCompatibility.unapproved(withOther, before, "- events/test/other.json removed\n"));
    }

    @Test
    void releasesAreOrderedByVersionNumbers() {
        assertTrue(compareVersions("0.10.0", "0.9.1") > 0);
        assertTrue(compareVersions("1.0.0", "1.0") == 0);
    }
}
