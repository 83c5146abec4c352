package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Helpers shared by the contract tests: fixtures, schema files, sample channels. */
final class TestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER = "0b6a9f3e-4c1d-4e8a-9b7f-2d3c4e5f6a7b";

    private TestSupport() {
    }

    static Path resourceDir(String name) {
        try {
            return Path.of(TestSupport.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> fixtures() {
        try (Stream<Path> s = Files.list(resourceDir("fixtures"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema document of a path relative to {@code schemas/}. */
    static ObjectNode schema(String schemaPath) {
        try (InputStream in = TestSupport.class.getClassLoader().getResourceAsStream("schemas/" + schemaPath)) {
            if (in == null) {
                throw new IllegalStateException("no schema " + schemaPath);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first example of an event's schema, as a mutable tree. */
    static ObjectNode example(EventDefinition d) {
        return (ObjectNode) schema(d.schemaPath()).get("examples").get(0).deepCopy();
    }

    /** A valid channel name of a namespace. */
    static String channel(ChannelNamespace ns) {
        if (ns.personal()) {
            return ChannelName.personal(ns, USER).value();
        }
        return switch (ns.name()) {
            case "export_job" -> ChannelName.exportJob("b4219d47-3138-5efd-9762-2ef9f9495084").value();
            case "job" -> ChannelName.job("job_xyz789").value();
            case "workbook" -> ChannelName.workbook("acme", "550e8400-e29b-41d4-a716-446655440000").value();
            default -> ChannelName.tenantChannel(ns, "acme").value();
        };
    }

    /** A namespace where a definition is valid. */
    static ChannelNamespace home(EventDefinition d) {
        return d.namespaces().stream().sorted().findFirst().orElseThrow();
    }

    static String text(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
