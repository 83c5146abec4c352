package io.herald.realtime.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * realtime-service started with {@code herald.catalog.dir} ({@code HERALD_CATALOG_DIR}) pointing at a directory that
 * adds a personal namespace {@code reports:{userUuid}} and its two event types: nothing rebuilt, real NATS, real
 * WebSocket and HTTP clients.
 */
class CatalogueIT {

    static TestKeys keys;
    static RealtimeServer rt;
    static JsonMapper json = JsonMapper.createDefault();
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        Path dir = Path.of(CatalogueIT.class.getClassLoader().getResource("catalog/reports").toURI());
        rt = RealtimeServer.start(keys, Map.of("herald.catalog.dir", dir.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    static String token(String user, List<String> grants) {
        return keys.token(user, "t-" + user.substring(0, 8), grants, Duration.ofMinutes(5));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String frame) throws Exception {
        return json.readValue(frame, Map.class);
    }

    static HttpResponse<String> publish(String channel, String data) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(rt.http("/api/publish")))
            .header("Content-Type", "application/json")
            .header("Authorization", "apikey " + RealtimeServer.API_KEY)
            .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"" + channel + "\",\"data\":" + data + "}")).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAddedNamespaceIsJoinedOnConnectValidatedAndDelivered() throws Exception {
        String user = UUID.randomUUID().toString();
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user, List.of())))) {
            Map<String, Object> connected = parse(client.next());
            assertThat((List<String>) connected.get("channels")).contains("reports:" + user, "exports:" + user);

            HttpResponse<String> invalid = publish("reports:" + user,
                "{\"type\":\"report.ready\",\"report_id\":\"r-1\",\"timestamp\":\"2026-01-25T10:30:00Z\"}");
            assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
            assertThat(invalid.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
            assertThat(invalid.body()).contains("/url");

            HttpResponse<String> ok = publish("reports:" + user, "{\"type\":\"report.ready\",\"report_id\":\"r-1\","
                + "\"url\":\"https://reports.example.com/r-1.pdf\",\"timestamp\":\"2026-01-25T10:30:00Z\"}");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            Map<String, Object> event = parse(client.nextContaining("report.ready"));
            assertThat(event).containsEntry("type", "report.ready").containsEntry("report_id", "r-1")
                .containsEntry("channel", "reports:" + user).containsEntry("offset", parse(ok.body()).get("offset"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void centrifugoClientsGetTheAddedNamespaceAsAServerSideSubscription() throws Exception {
        String user = UUID.randomUUID().toString();
        try (WsClient client = WsClient.connect(rt.ws("/connection/websocket", null))) {
            client.send("{\"id\":1,\"connect\":{\"token\":\"" + token(user, List.of()) + "\"}}");
            Map<String, Object> reply = parse(client.next());
            Map<String, Object> subs = (Map<String, Object>) ((Map<String, Object>) reply.get("connect")).get("subs");
            assertThat(subs).as(reply.toString()).containsKey("reports:" + user).containsKey("exports:" + user);
            long offset = rt.publish("reports:" + user, "{\"type\":\"report.progress\",\"report_id\":\"r-9\","
                + "\"percent\":10,\"timestamp\":\"2026-01-25T10:30:00Z\"}");
            Map<String, Object> push = parse(client.nextContaining("report.progress"));
            assertThat(push).as(push.toString()).containsKey("push");
            assertThat(((Map<String, Object>) push.get("push"))).containsEntry("channel", "reports:" + user);
            assertThat(push.toString()).contains("offset=" + offset);
        }
    }

    @Test
    void eventTypesListTheAddedNamespaceAndTypes() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rt.http("/api/event-types"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"pattern\":\"reports:{userUuid}\"", "\"type\":\"report.ready\"",
            "\"type\":\"report.progress\"", "https://reports.example.com/schemas/report.ready.json");
    }

    @Test
    void theServedAsyncApiDocumentDescribesTheAddedNamespaceAndEventTypes() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rt.http("/asyncapi.yaml"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("yaml"));
        com.fasterxml.jackson.databind.JsonNode doc =
            new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(r.body());
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        com.fasterxml.jackson.databind.JsonNode reports = doc.path("channels").path("nats_reports");
        assertThat(reports.path("address").asText()).isEqualTo("herald.ch.reports:{userUuid}");
        assertThat(reports.path("x-herald-namespace").path("access").asText()).isEqualTo("personal");
        assertThat(reports.path("messages").has("reportsReportReady")).isTrue();
        assertThat(reports.path("messages").has("reportsReportProgress")).isTrue();
        com.fasterxml.jackson.databind.JsonNode ready = doc.path("components").path("messages").path("reportsReportReady");
        assertThat(ready.path("name").asText()).isEqualTo("report.ready");
        assertThat(ready.path("payload").path("schema").path("title").asText()).isEqualTo("report.ready");
        assertThat(ready.path("payload").path("schema").path("required").toString()).contains("url");
        // the built-ins are still described, their schemas by reference to what /schemas serves
        String ref = doc.path("components").path("messages").path("exportJobProgress").path("payload").path("schema")
            .path("$ref").asText();
        assertThat(ref).isEqualTo("./schemas/events/export/job.progress.json");
        HttpResponse<String> schema = http.send(HttpRequest.newBuilder(URI.create(rt.http(ref.substring(1)))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(schema.statusCode()).isEqualTo(200);
        HttpResponse<String> asJson = http.send(HttpRequest.newBuilder(URI.create(rt.http("/asyncapi.json"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(asJson.statusCode()).isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(asJson.body())).isEqualTo(doc);
    }

    @Test
    void exportEventsAreMirroredToTheJobChannel() throws Exception {
        String user = UUID.randomUUID().toString();
        String guid = "g-" + UUID.randomUUID();
        try (WsClient owner = WsClient.connect(rt.ws("/ws", token(user, List.of())));
             WsClient holder = WsClient.connect(rt.ws("/ws", token(UUID.randomUUID().toString(),
                 List.of("export." + guid + ".job"))))) {
            owner.next();
            holder.next();
            holder.send("{\"type\":\"subscribe\",\"channel\":\"export." + guid + ".job\"}");
            assertThat(parse(holder.next())).containsEntry("type", "subscribed");
            long offset = rt.publish("exports:" + user, "{\"version\":\"v3-beta\",\"event\":\"job.finished\",\"guid\":\""
                + guid + "\",\"status\":\"done\",\"url\":null,\"details\":null}");
            assertThat(parse(owner.nextContaining("job.finished"))).containsEntry("channel", "exports:" + user);
            assertThat(parse(holder.nextContaining("job.finished"))).containsEntry("channel", "export." + guid + ".job")
                .containsEntry("guid", guid).containsEntry("offset", (int) offset);
        }
    }

    @Test
    void aBrokenCatalogueStopsStartUpNamingFileAndPointer(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("namespaces.yaml"), "- name: reports\n  pattern: \"reports:{userUuid}\"\n"
            + "  events: [report.ready]\n  progress: [report.progress]\n");
        Exception e = assertThrows(Exception.class, () -> RealtimeServer.start(keys, Map.of("herald.catalog.dir", dir.toString())));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root.getMessage()).contains("namespaces.yaml at /0/events/0", "no event type schema matches 'report.ready'")
            .contains("at /0/progress/0");
    }
}
