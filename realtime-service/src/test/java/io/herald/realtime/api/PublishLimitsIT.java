package io.herald.realtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publish API's input limits, each answered with problem+json: body size, media type, broadcast fan-out. */
class PublishLimitsIT {

    static TestKeys keys;
    static RealtimeServer rt;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of("herald.realtime.api.max-broadcast-channels", "3"));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rt.http(path)))
            .header("X-API-Key", RealtimeServer.API_KEY).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status).contains("/problems/" + type);
    }

    @Test
    void bodyOverElevenMebibytesIs413ProblemJson() throws Exception {
        String big = "{\"channel\":\"job:1\",\"data\":{\"pad\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}}";
        assertProblem(post("/api/publish", "application/json", big), 413, "body-too-large");
    }

    @Test
    void textPlainIs415ProblemJson() throws Exception {
        assertProblem(post("/api/publish", "text/plain", "{\"channel\":\"job:1\",\"data\":{}}"), 415, "unsupported-media-type");
        assertProblem(post("/api/broadcast", "text/plain", "{\"channels\":[\"job:1\"],\"data\":{}}"), 415, "unsupported-media-type");
    }

    @Test
    void broadcastOverTheChannelCapIs400() throws Exception {
        StringJoiner channels = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 4; i++) {
            channels.add("\"job:" + i + "\"");
        }
        assertProblem(post("/api/broadcast", "application/json", "{\"channels\":" + channels + ",\"data\":{}}"), 400,
            "too-many-channels");
    }

    @Test
    void malformedRequestsAreProblemJsonInTheOrderTheyAreChecked() throws Exception {
        String order = "{\"event\":\"order:updated\",\"data\":{\"id\":1,\"changed_fields\":{\"status\":\"paid\"}},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}";
        // trailing content after the JSON object is not a valid request
        assertProblem(post("/api/publish", "application/json",
            "{\"channel\":\"order_changes@acme\",\"data\":" + order + "} {}"), 400, "invalid-request");
        // the channel is checked before the event
        assertProblem(post("/api/publish", "application/json", "{\"channel\":\"no such\"}"), 400, "invalid-channel");
        assertProblem(post("/api/publish", "application/json", "{\"channel\":\"order_changes@acme\"}"), 400, "invalid-request");
        assertProblem(post("/api/broadcast", "application/json",
            "{\"channels\":[\"order_changes@acme\",\"no such\"],\"data\":" + order + "}"), 400, "invalid-channel");
        assertProblem(post("/api/publish", "application/json",
            "{\"channel\":\"order_changes@acme\",\"data\":{\"event\":\"order:updated\"}}"), 400, "invalid-event");
    }
}
