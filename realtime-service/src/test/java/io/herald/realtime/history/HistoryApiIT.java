package io.herald.realtime.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/history} over real HTTP against a realtime-service on the local NATS (own stream and prefix):
 * tokens by Bearer, cookie and query, the permissions of subscribing, ascending offsets, the live throttle, the limit
 * cap and paging, and {@code recovered: false} for a range beyond the recovery bound.
 */
class HistoryApiIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of("herald.realtime.throttle.window", "2s",
            "herald.realtime.limits.history-max-count", "10", "herald.realtime.history.max-limit", "3"));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    static HttpResponse<String> get(String query, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rt.http("/api/history" + query)));
        if (header != null) {
            request.header(header, value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    static List<Long> offsets(JsonNode body) {
        List<Long> out = new ArrayList<>();
        body.get("events").forEach(e -> out.add(e.get("offset").asLong()));
        return out;
    }

    static String order(int id) {
        return "{\"event\":\"order:updated\",\"data\":{\"id\":" + id + ",\"changed_fields\":{\"status\":\"paid\"}},"
            + "\"timestamp\":\"2026-01-25T10:30:00.000Z\"}";
    }

    static String job(String type, String jobId, int n) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"job_id\":\"" + jobId + "\",\"progress\":" + n * 10 + ",\"n\":" + n
            + "},\"timestamp\":\"2026-01-25T10:30:15Z\"}";
    }

    @Test
    void listsTheTenantChannelInOrderWithOffsetsForBearerCookieAndQueryTokens() throws Exception {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        String token = keys.token(UUID.randomUUID().toString(), tenant, List.of(), Duration.ofMinutes(5));
        long a = rt.publish("order_changes@" + tenant, order(1));
        long b = rt.publish("order_changes@" + tenant, order(2));

        JsonNode bearer = ok(get("?channel=order_changes", "Authorization", "Bearer " + token));
        assertThat(bearer.get("channel").asText()).isEqualTo("order_changes");
        assertThat(bearer.get("recovered").asBoolean()).isTrue();
        assertThat(bearer.get("epoch").asText()).isNotBlank();
        assertThat(bearer.get("latestOffset").asLong()).isEqualTo(b);
        assertThat(offsets(bearer)).containsExactly(a, b);
        JsonNode first = bearer.get("events").get(0);
        assertThat(first.get("event").asText()).isEqualTo("order:updated");
        assertThat(first.get("data").get("id").asInt()).isEqualTo(1);
        assertThat(first.get("channel").asText()).isEqualTo("order_changes");
        assertThat(bearer.get("more").asBoolean()).isFalse();
        assertThat(bearer.get("next").asLong()).isEqualTo(b);

        JsonNode cookie = ok(get("?channel=order_changes@" + tenant + "&since=" + a, "Cookie", "herald_session=" + token));
        assertThat(offsets(cookie)).containsExactly(b);
        assertThat(cookie.get("channel").asText()).isEqualTo("order_changes@" + tenant);

        JsonNode query = ok(get("?channel=order_changes&since=" + b + "&token=" + token, null, null));
        assertThat(offsets(query)).isEmpty();
        assertThat(query.get("recovered").asBoolean()).isTrue();
    }

    @Test
    void progressIsThrottledAsLive() throws Exception {
        String jobId = UUID.randomUUID().toString();
        String token = keys.token(UUID.randomUUID().toString(), "acme", List.of("job:" + jobId), Duration.ofMinutes(5));
        String channel = "job:" + jobId;
        long p1 = rt.publish(channel, job("job.progress", jobId, 1));
        rt.publish(channel, job("job.progress", jobId, 2));
        rt.publish(channel, job("job.progress", jobId, 3));
        long done = rt.publish(channel, job("job.completed", jobId, 4));
        // P0 delivers the first progress, P2 drops the suppressed ones because the terminal event came first
        assertThat(offsets(ok(get("?channel=" + channel, "Authorization", "Bearer " + token)))).containsExactly(p1, done);
    }

    @Test
    void limitIsCappedAndPagesWithNext() throws Exception {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        String token = keys.token(UUID.randomUUID().toString(), tenant, List.of(), Duration.ofMinutes(5));
        List<Long> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(rt.publish("order_changes@" + tenant, order(i)));
        }
        JsonNode page = ok(get("?channel=order_changes&limit=500", "Authorization", "Bearer " + token));
        assertThat(offsets(page)).isEqualTo(published.subList(0, 3));
        assertThat(page.get("more").asBoolean()).isTrue();
        JsonNode rest = ok(get("?channel=order_changes&limit=2&since=" + page.get("next").asLong(), "Authorization", "Bearer " + token));
        assertThat(offsets(rest)).isEqualTo(published.subList(3, 5));
        assertThat(rest.get("more").asBoolean()).isFalse();
    }

    @Test
    void aRangeBeyondTheRecoveryBoundIsNotRecovered() throws Exception {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        String token = keys.token(UUID.randomUUID().toString(), tenant, List.of(), Duration.ofMinutes(5));
        long last = 0;
        for (int i = 0; i < 11; i++) {
            last = rt.publish("order_changes@" + tenant, order(i));
        }
        JsonNode body = ok(get("?channel=order_changes", "Authorization", "Bearer " + token));
        assertThat(body.get("recovered").asBoolean()).isFalse();
        assertThat(body.get("events")).isEmpty();
        assertThat(body.get("latestOffset").asLong()).isEqualTo(last);
        assertThat(body.get("next").asLong()).isEqualTo(last);
    }

    @Test
    void refusalsAreProblemJson() throws Exception {
        String user = UUID.randomUUID().toString();
        String token = keys.token(user, "acme", List.of(), Duration.ofMinutes(5));
        String other = "exports:" + UUID.randomUUID();
        assertProblem(get("?channel=" + other, null, null), 401, "unauthorized");
        assertProblem(get("?channel=" + other, "Authorization", "Bearer not-a-jwt"), 401, "unauthorized");
        assertProblem(get("?channel=" + other, "Authorization",
            "Bearer " + keys.token(user, "acme", List.of(), Duration.ofSeconds(-60))), 401, "unauthorized");
        assertProblem(get("?channel=" + other, "Authorization", "Bearer " + token), 403, "forbidden");
        assertProblem(get("?channel=bad%20channel", "Authorization", "Bearer " + token), 400, "invalid-channel");
        assertProblem(get("", "Authorization", "Bearer " + token), 400, "invalid-request");
        assertProblem(get("?channel=exports:" + user + "&limit=0", "Authorization", "Bearer " + token), 400, "invalid-request");
        assertProblem(get("?channel=exports:" + user + "&limit=x", "Authorization", "Bearer " + token), 400, "invalid-request");
        assertProblem(get("?channel=exports:" + user + "&since=-1", "Authorization", "Bearer " + token), 400, "invalid-request");
        // the user's own channel is fine
        assertThat(ok(get("?channel=exports:" + user, "Authorization", "Bearer " + token)).get("recovered").asBoolean()).isTrue();
    }

    @Test
    void isInTheOpenApiDocument() throws Exception {
        HttpResponse<String> doc = HTTP.send(HttpRequest.newBuilder(
            URI.create(rt.http("/swagger/herald-realtime-service-0.1.0.yml"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).contains("/api/history", "userBearer", "herald_session", "\"403\"");
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("type").asText()).endsWith("/" + type);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asText()).isNotBlank();
    }
}
