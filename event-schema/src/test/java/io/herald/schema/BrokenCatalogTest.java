package io.herald.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broken catalogue directory is refused with the file and JSON pointer of the problem. */
class BrokenCatalogTest {

    private static final String READY = TestSupport.read(TestSupport.resourceDir("catalog/reports/schemas/reports")
        .resolve("report.ready.json"));
    private static final String OK = "- name: reports\n  pattern: \"reports:{userUuid}\"\n  events: [report.ready]\n";

    /** Name, namespaces.yaml (null: none), extra schema files, file the problem is in, pointer, phrase of the message. */
    static Stream<Arguments> cases() {
        Map<String, String> ready = Map.of("report.ready.json", READY);
        return Stream.of(
            Arguments.of("YAML syntax error", "- name: [reports\n", ready, "namespaces.yaml", "", "not valid YAML at line"),
            Arguments.of("duplicate YAML key", OK + "  events: [report.ready]\n", ready, "namespaces.yaml", "",
                "Duplicate field 'events'"),
            Arguments.of("not a list", "name: reports\n", ready, "namespaces.yaml", "", "must be a list"),
            Arguments.of("unknown key", OK + "  colour: red\n", ready, "namespaces.yaml", "/0/colour", "unknown key 'colour'"),
            Arguments.of("bad name", OK.replace("name: reports", "name: Reports!"), ready, "namespaces.yaml", "/0/name",
                "lower-case letters"),
            Arguments.of("name twice", OK + OK, ready, "namespaces.yaml", "/1/name", "defined twice"),
            Arguments.of("bad placeholder", OK.replace("{userUuid}", "{user uuid}"), ready, "namespaces.yaml",
                "/0/pattern", "invalid placeholder"),
            Arguments.of("no placeholder", OK.replace("reports:{userUuid}", "reports"), ready, "namespaces.yaml",
                "/0/pattern", "has no placeholder"),
            Arguments.of("forbidden character", OK.replace("reports:{userUuid}", "reports/{userUuid}"), ready,
                "namespaces.yaml", "/0/pattern", "contains '/'"),
            Arguments.of("same pattern as a built-in", OK.replace("reports:{userUuid}", "exports:{userUuid}"), ready,
                "namespaces.yaml", "/0/pattern", "namespace 'exports' has the same pattern"),
            Arguments.of("personal without {userUuid}", OK.replace("reports:{userUuid}", "reports:{id}")
                + "  access: personal\n", ready, "namespaces.yaml", "/0/access", "needs {userUuid}"),
            Arguments.of("unknown access", OK + "  access: public\n", ready, "namespaces.yaml", "/0/access",
                "personal, tenant or grant"),
            Arguments.of("autoSubscribe on a grant namespace", OK.replace("reports:{userUuid}", "reports.{id}")
                + "  autoSubscribe: true\n", ready, "namespaces.yaml", "/0/autoSubscribe", "only a personal namespace"),
            Arguments.of("missing schema", OK.replace("[report.ready]", "[report.ready, report.gone]"), ready,
                "namespaces.yaml", "/0/events/1", "no event type schema matches 'report.gone'"),
            Arguments.of("no events", OK.replace("[report.ready]", "[]"), ready, "namespaces.yaml", "/0/events",
                "events is required"),
            Arguments.of("ambiguous name", OK.replace("[report.ready]", "[job.progress]"), ready, "namespaces.yaml",
                "/0/events/0", "qualify it: [export/job.progress, typed/job.progress]"),
            Arguments.of("progress type not in events", OK + "  progress: [report.progress]\n  jobKey: /report_id\n",
                ready, "namespaces.yaml", "/0/progress/0", "'report.progress' is not one of this namespace's events"),
            Arguments.of("progress without jobKey", OK + "  progress: [report.ready]\n", ready, "namespaces.yaml",
                "/0/progress", "set jobKey"),
            Arguments.of("jobKey not a pointer", OK + "  jobKey: report_id\n", ready, "namespaces.yaml", "/0/jobKey",
                "must be a JSON pointer"),
            Arguments.of("jobKey bad escape", OK + "  jobKey: /a~2b\n", ready, "namespaces.yaml", "/0/jobKey",
                "must be followed by 0 or 1"),
            Arguments.of("terminal and progress", OK + "  progress: [report.ready]\n  terminal: [report.ready]\n"
                + "  jobKey: /report_id\n", ready, "namespaces.yaml", "/0/progress", "cannot be a progress type"),
            Arguments.of("negative history", OK + "  history: -1\n", ready, "namespaces.yaml", "/0/history",
                "non-negative integer"),
            Arguments.of("webhook name for another type", OK + "  webhookNames: { job.finished: x }\n", ready,
                "namespaces.yaml", "/0/webhookNames/job.finished", "not one of this namespace's events"),
            Arguments.of("mirror to nowhere", OK + "  mirror: { to: nowhere, key: /report_id }\n", ready,
                "namespaces.yaml", "/0/mirror/to", "'nowhere' is not another namespace"),
            Arguments.of("mirror target lacks a type", OK + "  mirror: { to: job, key: /report_id }\n", ready,
                "namespaces.yaml", "/0/mirror/to", "does not carry 'report.ready'"),
            Arguments.of("schema not JSON", OK, Map.of("report.ready.json", "{\"title\": "), "schemas/report.ready.json",
                "", "not valid JSON"),
            Arguments.of("schema breaks the meta-schema", OK, Map.of("report.ready.json",
                READY.replace("\"type\": \"object\"", "\"type\": 5")), "schemas/report.ready.json", "/type",
                "not a valid JSON Schema 2020-12"),
            Arguments.of("schema that does not compile", OK, Map.of("report.ready.json",
                READY.replaceFirst("\"\\$id\": \"[^\"]*\",", "").replace("\"type\": \"object\"", "\"$ref\": \"missing.json\"")),
                "schemas/report.ready.json", "", "schema does not compile"),
            Arguments.of("title not pinned", OK, Map.of("report.ready.json",
                READY.replace("\"const\": \"report.ready\"", "\"const\": \"report.done\"")), "namespaces.yaml",
                "/0/events/0", "no property pins it"),
            Arguments.of("two schemas, same type", OK, Map.of("report.ready.json", READY, "report.ready.copy.json",
                READY), "schemas/report.ready.json", "/title", "two schemas define"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused(String name, String namespaces, Map<String, String> schemas, String file, String pointer, String phrase,
                 @TempDir Path dir) {
        write(dir, namespaces, schemas);
        CatalogException e = assertThrows(CatalogException.class, () -> EventCatalog.load(dir));
        assertTrue(e.problems().stream().anyMatch(p -> p.file().endsWith(file) && p.pointer().equals(pointer)
            && p.message().contains(phrase)), "expected " + file + " at '" + pointer + "': " + phrase + "\ngot: "
            + e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid event catalogue"), e.getMessage());
        assertTrue(e.problems().stream().allMatch(p -> p.file().startsWith(dir.toAbsolutePath().toString())),
            "built-ins never blamed: " + e.getMessage());
    }

    @Test
    void missingDirectoryIsRefused(@TempDir Path dir) {
        CatalogException e = assertThrows(CatalogException.class, () -> EventCatalog.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void everyProblemIsListedOnItsOwnLine(@TempDir Path dir) {
        write(dir, OK + "  colour: red\n  history: x\n", Map.of("report.ready.json", READY));
        CatalogException e = assertThrows(CatalogException.class, () -> EventCatalog.load(dir));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertEquals(3, e.getMessage().lines().count(), e.getMessage());
        assertEquals("/0/colour", e.pointer());
        assertTrue(e.file().endsWith("namespaces.yaml"), e.file());
    }

    static void write(Path dir, String namespaces, Map<String, String> schemas) {
        try {
            if (namespaces != null) {
                Files.writeString(dir.resolve("namespaces.yaml"), namespaces);
            }
            for (var s : schemas.entrySet()) {
                Path p = dir.resolve("schemas").resolve(s.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, s.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
