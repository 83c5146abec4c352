package io.herald.schema;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue format: built-ins, an added namespace directory, replacements, mirrors, the active catalogue. */
class CatalogTest {

    private static final Path REPORTS = TestSupport.resourceDir("catalog/reports");
    private static final String USER = TestSupport.USER;
    private static final String READY = """
        {"type":"report.ready","report_id":"r-1","url":"https://reports.example.com/r-1.pdf","timestamp":"2026-01-25T10:30:00Z"}""";
    private static final String PROGRESS = """
        {"type":"report.progress","report_id":"r-1","percent":40,"timestamp":"2026-01-25T10:29:00Z"}""";

    @AfterEach
    void restore() {
        EventCatalog.install(null);
    }

    @Test
    void builtInsAreReadFromTheFormat() {
        EventCatalog c = EventCatalog.standard();
        assertEquals(14, c.namespaces().size());
        assertEquals("built-in", c.source());
        assertEquals(List.of("exports", "webhooks", "user", "user_notifications", "user_dashboard", "notifications"),
            c.autoSubscribed().stream().map(ChannelNamespace::name).toList());
        ChannelNamespace exports = ChannelNamespace.EXPORTS;
        assertEquals(Set.of("job.progress"), exports.progress());
        assertEquals(Set.of("job.finished", "job.failed", "job.convert.done", "job.convert.failed"), exports.terminal());
        assertEquals(Set.of("job.requeued"), exports.reopen());
        assertEquals("/guid", exports.jobKey().orElseThrow());
        assertEquals(new ChannelNamespace.Mirror("export_job", "/guid"), exports.mirror().orElseThrow());
        assertEquals(Set.of("job.retrying"), ChannelNamespace.JOB.reopen());
        assertEquals(ChannelNamespace.Access.GRANT, ChannelNamespace.JOB.access());
        assertEquals(OptionalInt.empty(), exports.historySize());
        assertEquals("job.finished", exports.webhookName("job.finished"));
    }

    @Test
    void exportEventsAreMirroredToTheJobChannel() {
        ValidationResult r = EventContract.load().validate("exports:" + USER, """
            {"version":"v3-beta","event":"job.finished","guid":"g-1","status":"done","url":null,"details":null}""");
        assertEquals(List.of(), r.errors());
        assertEquals("export.g-1.job", r.mirrorChannel().orElseThrow());
        assertTrue(r.terminal());
        assertFalse(r.reopens());
        ValidationResult onJob = EventContract.load().validate("export.g-1.job", """
            {"version":"v3-beta","event":"job.requeued","guid":"g-1","status":"queueing","url":null,"details":null}""");
        assertTrue(onJob.valid(), onJob.errors().toString());
        assertTrue(onJob.mirrorChannel().isEmpty(), "the job channel itself mirrors nowhere");
        assertTrue(onJob.reopens());
    }

    @Test
    void anAddedNamespaceLoadsValidatesAndThrottlesAsProgress() {
        EventCatalog c = EventCatalog.load(REPORTS);
        assertEquals(15, c.namespaces().size());
        ChannelNamespace reports = c.namespace("reports").orElseThrow();
        assertTrue(reports.personal());
        assertTrue(reports.autoSubscribe());
        assertTrue(c.autoSubscribed().contains(reports));
        assertEquals(OptionalInt.of(50), reports.historySize());
        assertEquals(Map.of("report.ready", "report.finished"), reports.webhookNames());
        assertEquals("report.finished", c.webhookName("report.ready"));
        assertEquals(Set.of("report.ready", "report.progress"), c.eventTypesFor(reports));
        assertEquals(new EventFamily("reports", "type"), c.familyOf(reports).orElseThrow());

        ChannelName channel = c.channel("reports:" + USER);
        assertEquals(reports, channel.namespace().orElseThrow());
        assertEquals(USER, channel.owner().orElseThrow());

        EventContract contract = c.contract();
        ValidationResult progress = contract.validate("reports:" + USER, PROGRESS);
        assertEquals(List.of(), progress.errors());
        assertEquals(new EventInfo("report.progress", new EventFamily("reports", "type"), "r-1", true), progress.event());
        ValidationResult ready = contract.validate("reports:" + USER, READY);
        assertTrue(ready.valid(), ready.errors().toString());
        assertTrue(ready.terminal());
        assertFalse(ready.progress());
        assertEquals("r-1", ready.event().jobKey());

        ValidationResult missingUrl = contract.validate("reports:" + USER, READY.replace(",\"url\":\"https://reports.example.com/r-1.pdf\"", ""));
        assertEquals("/url", missingUrl.errors().get(0).pointer());
        ValidationResult wrongChannel = contract.validate("user:" + USER, READY);
        assertFalse(wrongChannel.valid());
        assertFalse(EventContract.load().validate("reports:" + USER, READY).valid(), "the built-in catalogue has no reports:");
        // built-ins still there and unchanged
        assertTrue(contract.validate("job:j1", """
            {"type":"job.progress","payload":{"job_id":"j1","progress":5},"timestamp":"2026-01-25T10:30:00Z"}""").valid());
    }

    @Test
    void installingMakesTheStaticHelpersUseTheCatalogue() {
        EventCatalog c = EventCatalog.load(REPORTS);
        assertTrue(ChannelName.parse("reports:" + USER).namespace().isEmpty());
        EventCatalog previous = EventCatalog.install(c);
        assertSame(EventCatalog.standard(), previous);
        assertSame(c, EventCatalog.active());
        assertEquals("reports", ChannelName.parse("reports:" + USER).namespace().orElseThrow().name());
        assertEquals("reports:u1", ChannelName.personal(ChannelNamespace.valueOf("REPORTS"), "u1").value());
        assertSame(c.contract(), EventContract.load());
        assertTrue(EventContract.load().validate("reports:" + USER, READY).valid());
    }

    @Test
    void anEntryWithABuiltInsNameReplacesIt(@TempDir Path dir) {
        BrokenCatalogTest.write(dir, """
            - name: exports
              pattern: "exports:{userUuid}"
              events: [export/job.*, export/bulk_download.*]
              progress: [job.progress]
              jobKey: /guid
              terminal: [job.finished, job.failed]
              reopen: [job.requeued]
              webhookNames: { job.finished: export.finished }
              history: 10
            """, Map.of());
        EventCatalog c = EventCatalog.load(dir);
        assertEquals(14, c.namespaces().size());
        ChannelNamespace exports = c.namespace("exports").orElseThrow();
        assertEquals(ChannelNamespace.EXPORTS, exports, "same name, same namespace");
        assertEquals(0, exports.compareTo(ChannelNamespace.EXPORTS), "keeps its place");
        assertTrue(exports.autoSubscribe() == false && exports.personal(), "access derived from {userUuid}");
        assertTrue(exports.mirror().isEmpty(), "the replacement has no mirror");
        assertEquals("export.finished", c.webhookName("job.finished"));
        assertEquals(OptionalInt.of(10), exports.historySize());
        ValidationResult r = c.contract().validate("exports:" + USER, """
            {"version":"v3-beta","event":"job.finished","guid":"g-1","status":"done","url":null,"details":null}""");
        assertTrue(r.valid(), r.errors().toString());
        assertNull(r.mirror());
    }

    @Test
    void aSchemaWithABuiltInsFamilyAndTitleReplacesIt(@TempDir Path dir) {
        String stricter = TestSupport.text(TestSupport.schema("events/typed/alert.json")
            .put("description", "alerts with a mandatory link").set("required",
                TestSupport.JSON.createArrayNode().add("type").add("payload").add("timestamp").add("link")));
        BrokenCatalogTest.write(dir, null, Map.of("events/typed/alert.json", stricter));
        EventCatalog c = EventCatalog.load(dir);
        String alert = """
            {"type":"alert","payload":{"id":"a","title":"t","message":"m","priority":"high"},"timestamp":"2026-01-25T10:30:00Z"}""";
        assertTrue(EventCatalog.standard().contract().validate("notifications:u1", alert).valid());
        ValidationResult r = c.contract().validate("notifications:u1", alert);
        assertEquals("/link", r.errors().get(0).pointer(), r.errors().toString());
        assertNotEquals(EventCatalog.standard().definitions().size(), 0);
        assertEquals(EventCatalog.standard().definitions().size(), c.definitions().size());
    }
}
