package io.herald.realtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.bus.BusEvent;
import io.herald.bus.EventBus;
import io.herald.bus.InMemoryEventBus;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/publish} and {@code /api/broadcast} over real HTTP, on the in-memory event bus: what is answered
 * and what reaches the stream (exactly the validated event, or nothing).
 */
class PublishApiTest {

    private static final String KEY = "publish-api-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String ORDER =
        "{\"event\":\"order:updated\",\"data\":{\"id\":1,\"changed_fields\":{\"status\":\"paid\"}},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}";

    static EmbeddedServer server;
    static EventBus bus;
    static final List<BusEvent> stored = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "micronaut.server.port", -1,
            "herald.bus.kind", "memory",
            "herald.token.jwks-url", "http://127.0.0.1:9/keys", // no token is verified here
            "herald.realtime.warm-up.events", 0,
            "herald.realtime.api.server-api-keys", KEY));
        bus = server.getApplicationContext().getBean(EventBus.class);
        assertThat(bus).isInstanceOf(InMemoryEventBus.class);
        bus.subscribeAll(stored::add);
    }

    @AfterAll
    static void stop() {
        server.getApplicationContext().close();
    }

    @BeforeEach
    void clear() {
        stored.clear();
    }

    @Test
    void aValidEventIsStoredOnceAndAnsweredWithItsOffset() throws Exception {
        HttpResponse<String> response = post("/api/publish", KEY, "{\"channel\":\"order_changes@acme\",\"data\":" + ORDER + "}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("channel").asText()).isEqualTo("order_changes@acme");
        assertThat(body.get("epoch").asText()).isEqualTo(bus.epoch());
        assertThat(body.has("duplicate")).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 1);
        BusEvent event = stored.get(0);
        assertThat(event.channel()).isEqualTo("order_changes@acme");
        assertThat(event.offset()).isEqualTo(body.get("offset").asLong());
        assertThat(JSON.readTree(event.data())).isEqualTo(JSON.readTree(ORDER));
    }

    @Test
    void theIdempotencyKeyMakesARepeatADuplicateWithTheSameOffset() throws Exception {
        String request = "{\"channel\":\"order_changes@acme\",\"data\":" + ORDER + "}";
        HttpResponse<String> first = post("/api/publish", KEY, request, "Idempotency-Key", "order-1-paid");
        HttpResponse<String> again = post("/api/publish", KEY, request, "Idempotency-Key", "order-1-paid");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(JSON.readTree(again.body()).get("offset")).isEqualTo(JSON.readTree(first.body()).get("offset"));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 1);
    }

    @Test
    void refusedRequestsStoreNothing() throws Exception {
        assertProblem(post("/api/publish", null, "{\"channel\":\"order_changes@acme\",\"data\":" + ORDER + "}"), 401, "unauthorized");
        assertProblem(post("/api/publish", "wrong", "{\"channel\":\"order_changes@acme\",\"data\":" + ORDER + "}"), 401, "unauthorized");
        assertProblem(post("/api/publish", KEY, "  "), 400, "invalid-request");
        assertProblem(post("/api/publish", KEY, "{\"channel\":"), 400, "invalid-request");
        assertProblem(post("/api/publish", KEY, "{\"data\":" + ORDER + "}"), 400, "invalid-request");
        assertProblem(post("/api/publish", KEY, "{\"channel\":\"order changes\",\"data\":" + ORDER + "}"), 400, "invalid-channel");
        assertProblem(post("/api/publish", KEY, "{\"channel\":\"order_changes@acme\",\"data\":[1]}"), 400, "invalid-request");
        HttpResponse<String> invalid = post("/api/publish", KEY,
            "{\"channel\":\"order_changes@acme\",\"data\":{\"event\":\"order:updated\",\"data\":{\"id\":1},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}}");
        assertProblem(invalid, 400, "invalid-event");
        assertThat(JSON.readTree(invalid.body()).get("errors").toString()).contains("changed_fields");
        // the same event on a channel of another namespace
        assertProblem(post("/api/publish", KEY, "{\"channel\":\"job:42\",\"data\":" + ORDER + "}"), 400, "invalid-event");

        // a valid publish after them is the only thing stored
        assertThat(post("/api/publish", KEY, "{\"channel\":\"order_changes@acme\",\"data\":" + ORDER + "}").statusCode()).isEqualTo(200);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 1);
    }

    @Test
    void onlyThisProcesssRehearsalKeyMakesARehearsalAndItStillNeedsTheServerKey() throws Exception {
        String rehearsalKey = server.getApplicationContext().getBean(Rehearsals.class).key();
        String request = "{\"channel\":\"order_changes@acme\",\"data\":" + ORDER + "}";

        HttpResponse<String> rehearsal = post("/api/publish", KEY, request, Rehearsals.HEADER, rehearsalKey);
        assertThat(rehearsal.statusCode()).as(rehearsal.body()).isEqualTo(200);
        // validated like any publish
        assertProblem(post("/api/publish", KEY, "{\"channel\":\"job:42\",\"data\":" + ORDER + "}", Rehearsals.HEADER, rehearsalKey),
            400, "invalid-event");
        // and the server key is still required
        assertProblem(post("/api/publish", null, request, Rehearsals.HEADER, rehearsalKey), 401, "unauthorized");
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(stored::isEmpty);

        // any other value is an ordinary publish, stored
        HttpResponse<String> guessed = post("/api/publish", KEY, request, Rehearsals.HEADER, rehearsalKey + "x");
        assertThat(guessed.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 1);
        assertThat(stored.get(0).offset()).isEqualTo(JSON.readTree(guessed.body()).get("offset").asLong());
    }

    @Test
    void aBroadcastIsValidatedForEveryChannelBeforeAnythingIsStored() throws Exception {
        assertProblem(post("/api/broadcast", KEY, "{\"channels\":[\"order_changes@a\",\"job:42\"],\"data\":" + ORDER + "}"),
            400, "invalid-event");

        HttpResponse<String> response = post("/api/broadcast", KEY, "{\"channels\":[\"order_changes@a\",\"order_changes@b\"],\"data\":" + ORDER + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode results = JSON.readTree(response.body()).get("results");
        assertThat(results).hasSize(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 2);
        assertThat(stored).extracting(BusEvent::channel).containsExactly("order_changes@a", "order_changes@b");
        assertThat(stored.get(0).offset()).isEqualTo(results.get(0).get("offset").asLong());
        assertThat(stored.get(1).offset()).isEqualTo(results.get(1).get("offset").asLong());
    }

    private static HttpResponse<String> post(String path, String key, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        assertThat(response.body()).contains("/problems/" + type);
    }
}
