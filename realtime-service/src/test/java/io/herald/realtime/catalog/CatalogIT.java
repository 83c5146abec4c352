package io.herald.realtime.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The producer contract endpoints against a running realtime-service on the real local NATS. */
class CatalogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VALID = "{\"channel\":\"order_changes@acme\",\"data\":{\"event\":\"order:updated\","
        + "\"data\":{\"id\":123,\"changed_fields\":{\"status\":\"paid\"}},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}}";
    private static final String MISSING_CHANGED_FIELDS = "{\"channel\":\"order_changes@acme\",\"data\":{\"event\":\"order:updated\","
        + "\"data\":{\"id\":123},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}}";

    private static TestKeys keys;
    private static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        // a limit below the 10 MiB default, so the test body stays small
        rt = RealtimeServer.start(keys, Map.of("herald.realtime.api.max-body-bytes", "262144"));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rt.http(path))).POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(rt.http(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long storedMessages() throws Exception {
        return rt.nats.jetStreamManagement().getStreamInfo(rt.stream).getStreamState().getMsgCount();
    }

    @Test
    void validateAnswersLikePublishAndPublishesNothing() throws Exception {
        String key = "apikey " + RealtimeServer.API_KEY;
        HttpResponse<String> ok = post("/api/validate", VALID, "Authorization", key);
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.get("valid").asBoolean()).isTrue();
        assertThat(body.get("type").asText()).isEqualTo("order:updated");
        assertThat(body.get("progress").asBoolean()).isFalse();

        HttpResponse<String> invalid = post("/api/validate", MISSING_CHANGED_FIELDS, "X-API-Key", RealtimeServer.API_KEY);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(invalid.body());
        assertThat(problem.get("type").asText()).endsWith("/invalid-event");
        assertThat(problem.get("errors").toString()).contains("changed_fields");

        // the same body on /api/publish gets the same answer
        HttpResponse<String> published = post("/api/publish", MISSING_CHANGED_FIELDS, "Authorization", key);
        assertThat(published.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(published.body()).get("errors")).isEqualTo(problem.get("errors"));

        HttpResponse<String> wrongChannel = post("/api/validate",
            VALID.replace("order_changes@acme", "product_changes@acme"), "Authorization", key);
        assertThat(wrongChannel.statusCode()).isEqualTo(400);
        assertThat(post("/api/validate", VALID.replace("order_changes@acme", "bad channel"), "Authorization", key).body())
            .contains("invalid-channel");
        assertThat(post("/api/validate", "{\"channel\":", "Authorization", key).statusCode()).isEqualTo(400);
        assertThat(post("/api/validate", VALID).statusCode()).isEqualTo(401);
        assertThat(post("/api/validate", VALID, "Authorization", "apikey wrong").statusCode()).isEqualTo(401);

        assertThat(storedMessages()).as("validate publishes nothing").isZero();
    }

    @Test
    void validateHonoursTheBodyLimit() throws Exception {
        String big = VALID.replace("\"status\":\"paid\"", "\"status\":\"" + "x".repeat(300_000) + "\"");
        HttpResponse<String> r = post("/api/validate", big, "Authorization", "apikey " + RealtimeServer.API_KEY);
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void eventTypesListsTheCatalogueWithSchemasAndExamples() throws Exception {
        HttpResponse<String> r = get("/api/event-types");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(r.body());
        List<String> types = new ArrayList<>();
        for (JsonNode t : doc.get("eventTypes")) {
            types.add(t.get("type").asText());
            assertThat(t.get("schema").get("$id").asText()).as(t.toString()).startsWith("https://schemas.herald.io/");
            assertThat(t.has("example")).as(t.get("type").asText() + " has an example").isTrue();
            // every schema URL in the catalogue resolves
            HttpResponse<String> schema = get(t.get("schemaUrl").asText());
            assertThat(schema.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(schema.body())).isEqualTo(t.get("schema"));
        }
        assertThat(types).contains("job.progress", "order:updated", "job.created", "subscription.updated");
        JsonNode exports = null;
        for (JsonNode ns : doc.get("namespaces")) {
            if (ns.get("pattern").asText().equals("exports:{userUuid}")) {
                exports = ns;
            }
        }
        assertThat(exports).isNotNull();
        assertThat(exports.get("access").asText()).isEqualTo("personal");
        assertThat(exports.get("eventTypes").toString()).contains("job.progress");
        // the example of order:updated validates
        for (JsonNode t : doc.get("eventTypes")) {
            if (t.get("type").asText().equals("order:updated")) {
                String body = "{\"channel\":\"order_changes@t1\",\"data\":" + t.get("example") + "}";
                assertThat(post("/api/validate", body, "X-API-Key", RealtimeServer.API_KEY).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void schemasAreServedUnderTheirIdPath() throws Exception {
        HttpResponse<String> r = get("/schemas/events/entity/order-updated.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/schema+json"));
        JsonNode schema = JSON.readTree(r.body());
        assertThat(schema.get("$id").asText()).isEqualTo("https://schemas.herald.io/events/entity/order-updated.json");
        assertThat(schema.get("title").asText()).isEqualTo("order:updated");
        // the base schemas a $ref points at are served too
        assertThat(get("/schemas/entity-change.json").statusCode()).isEqualTo(200);
        assertThat(get("/schemas/frames/server/subscribed.json").statusCode()).isEqualTo(200);
        HttpResponse<String> missing = get("/schemas/events/entity/nope.json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no-such-schema");
    }

    @Test
    void theOpenApiDocumentDescribesTheContractEndpoints() throws Exception {
        HttpResponse<String> doc = get("/swagger/herald-realtime-service-0.1.0.yml");
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).contains("/api/validate", "/api/event-types", "/schemas/{path}", "application/schema+json");
    }
}
