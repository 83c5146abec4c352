package io.herald.realtime.transport.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Herald JSON protocol end to end: real NATS, real WebSocket and HTTP clients. */
class HeraldProtocolIT {

    static TestKeys keys;
    static RealtimeServer rt;
    static JsonMapper json = JsonMapper.createDefault();
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of("herald.realtime.throttle.window", "1500ms"));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    static String user() {
        return UUID.randomUUID().toString();
    }

    String token(String user) {
        return keys.token(user, "t-" + user.substring(0, 8), List.of(), Duration.ofMinutes(5));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String frame) throws Exception {
        return json.readValue(frame, Map.class);
    }

    static String exportEvent(String event, String guid) {
        return "{\"version\":\"v3-beta\",\"event\":\"" + event + "\",\"guid\":\"" + guid
            + "\",\"status\":\"running\",\"url\":null,\"details\":{\"guid\":\"" + guid
            + "\",\"status\":\"running\",\"url\":null}"
            + (event.equals("job.progress") ? ",\"current\":1,\"total\":10}" : "}");
    }

    static String jobEvent(String type, String jobId, int n) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"job_id\":\"" + jobId + "\",\"n\":" + n
            + "},\"timestamp\":\"2026-01-25T10:30:15Z\"}";
    }

    @Test
    void connectedFrameThenPersonalEventsWithChannelAndOffset() throws Exception {
        String user = user();
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user)))) {
            Map<String, Object> connected = parse(client.next());
            assertThat(connected).containsEntry("type", "connected").containsEntry("userId", user)
                .containsEntry("message", "WebSocket connection established");
            assertThat((List<String>) connected.get("channels")).contains("exports:" + user, "webhooks:" + user,
                "user:" + user, "notifications:" + user, "user_notifications_channel:" + user, "user_dashboard_channel:" + user);
            long offset = rt.publish("exports:" + user, exportEvent("job.finished", "g1"));
            Map<String, Object> event = parse(client.nextContaining("job.finished"));
            assertThat(event).containsEntry("event", "job.finished").containsEntry("guid", "g1")
                .containsEntry("channel", "exports:" + user).containsEntry("offset", (int) offset);
        }
    }

    @Test
    void tokenFromBearerHeaderAndCookie() throws Exception {
        String user = user();
        try (WsClient bearer = WsClient.connectWithHeader(rt.ws("/ws", null), "Authorization", "Bearer " + token(user));
             WsClient cookie = WsClient.connect(rt.ws("/ws", null), true, "herald_session=" + token(user))) {
            assertThat(bearer.next()).contains("\"connected\"");
            assertThat(cookie.next()).contains("\"connected\"");
        }
    }

    @Test
    void badTokensCloseWith4001() {
        String user = user();
        String otherKeyToken;
        try {
            otherKeyToken = TestKeys.sign(com.nimbusds.jose.jwk.gen.ECKeyGenerator.class.cast(
                new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).keyID("stranger")).generate(),
                user, "t", List.of(), Duration.ofMinutes(5));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String url : List.of(rt.ws("/ws", null), rt.ws("/ws", "garbage"), rt.ws("/ws", otherKeyToken),
            rt.ws("/ws", keys.token(user, "t", List.of(), Duration.ofSeconds(-120))),
            rt.ws("/ws", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."))) {
            try (WsClient client = WsClient.connect(url)) {
                assertThat(client.closeCode()).as(url).isEqualTo(4001);
            }
        }
    }

    @Test
    void keyRotationIsPickedUpOnUnknownKid() throws Exception {
        keys.rotate();
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user())))) {
            assertThat(client.next()).contains("\"connected\"");
        }
    }

    @Test
    void subscribeUnsubscribePingAndErrors() throws Exception {
        String user = user();
        String tenant = "t-" + user.substring(0, 8);
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user)))) {
            client.next();
            client.send("{\"type\":\"ping\"}");
            assertThat(parse(client.next())).containsEntry("type", "pong");
            client.send("{\"type\":\"subscribe\",\"channel\":\"order_changes\"}");
            assertThat(parse(client.next())).containsEntry("type", "subscribed").containsEntry("channel", "order_changes");
            rt.publish("order_changes@" + tenant, "{\"event\":\"order:created\",\"data\":{\"id\":123},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}");
            Map<String, Object> event = parse(client.nextContaining("order:created"));
            assertThat(event).containsEntry("channel", "order_changes");
            assertThat((Map<String, Object>) event.get("data")).containsEntry("id", 123);
            client.send("{\"type\":\"unsubscribe\",\"channel\":\"order_changes\"}");
            assertThat(parse(client.next())).containsEntry("type", "unsubscribed").containsEntry("channel", "order_changes");

            client.send("not json");
            assertThat(parse(client.next())).containsEntry("type", "error").containsEntry("code", "invalid_json");
            client.send("{\"type\":\"dance\"}");
            assertThat(parse(client.next())).containsEntry("code", "unknown_type");
            client.send("{\"type\":\"subscribe\",\"channel\":\"bad channel*\"}");
            assertThat(parse(client.next())).containsEntry("code", "bad_channel");
            client.send("{\"type\":\"subscribe\",\"channel\":\"exports:" + user() + "\"}");
            assertThat(parse(client.next())).containsEntry("code", "forbidden");
            client.send("{\"type\":\"subscribe\",\"channel\":\"workbook:other-tenant:wb1\"}");
            assertThat(parse(client.next())).containsEntry("code", "forbidden");
            client.send("{\"type\":\"subscribe\",\"channel\":\"job:42\"}");
            assertThat(parse(client.next())).containsEntry("code", "forbidden");
            client.send("{\"type\":\"subscribe\",\"channel\":\"workbook:" + tenant + ":wb1\"}");
            assertThat(parse(client.next())).containsEntry("type", "subscribed");
        }
    }

    @Test
    void binaryFramesAreAnsweredLikeText() throws Exception {
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user())))) {
            client.next();
            client.sendBinary("{\"type\":\"ping\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            client.sendBinary(new byte[] {(byte) 0xff, 0x00, 0x7f});
            client.send("{\"type\":\"ping\"}");
            List<String> answers = List.of(client.next(), client.next(), client.next());
            assertThat(answers).allSatisfy(a -> assertThat(a).containsAnyOf("pong", "invalid_json"));
            assertThat(answers.get(2)).contains("pong");
        }
    }

    @Test
    void dedicatedEndpoints() throws Exception {
        String user = user();
        String tenant = "t-" + user.substring(0, 8);
        try (WsClient job = WsClient.connect(rt.ws("/ws/jobs/j-" + user, token(user)))) {
            assertThat(job.closeCode()).isEqualTo(4003);
        }
        String granted = keys.token(user, tenant, List.of("job:j-" + user.substring(0, 4) + "*"), Duration.ofMinutes(5));
        try (WsClient job = WsClient.connect(rt.ws("/ws/jobs/j-" + user.substring(0, 4) + "x", granted));
             WsClient workbook = WsClient.connect(rt.ws("/ws/workbooks/wb7", token(user)));
             WsClient notes = WsClient.connect(rt.ws("/ws/notifications", token(user)))) {
            assertThat((List<String>) parse(job.next()).get("channels")).containsExactly("job:j-" + user.substring(0, 4) + "x");
            assertThat((List<String>) parse(workbook.next()).get("channels")).containsExactly("workbook:" + tenant + ":wb7");
            assertThat((List<String>) parse(notes.next()).get("channels"))
                .containsExactlyInAnyOrder("notifications:" + user, "user_notifications_channel:" + user);
            rt.publish("job:j-" + user.substring(0, 4) + "x", jobEvent("job.completed", "j", 1));
            assertThat(parse(job.nextContaining("job.completed"))).containsEntry("type", "job.completed");
            rt.publish("workbook:" + tenant + ":wb7", "{\"type\":\"workbook.processing_completed\",\"payload\":{\"workbook_id\":\"wb7\"},\"timestamp\":\"2026-01-25T10:30:05Z\"}");
            assertThat(workbook.nextContaining("workbook.processing_completed")).contains("\"offset\":");
            rt.publish("notifications:" + user, "{\"type\":\"notification\",\"payload\":{\"id\":\"n1\",\"title\":\"Export Complete\",\"message\":\"ready\",\"priority\":\"normal\"},\"timestamp\":\"2026-01-25T10:30:00Z\"}");
            assertThat(notes.nextContaining("Export Complete")).contains("\"channel\":\"notifications:" + user + "\"");
        }
    }

    @Test
    void tenJobsTimesTwoHundredEventsKeepPerChannelOrder() throws Exception {
        String user = user();
        String run = user.substring(0, 6);
        String token = keys.token(user, "t", List.of("job:" + run + "-*"), Duration.ofMinutes(5));
        try (WsClient client = WsClient.connect(rt.ws("/ws", token))) {
            client.next();
            for (int j = 0; j < 10; j++) {
                client.send("{\"type\":\"subscribe\",\"channel\":\"job:" + run + "-" + j + "\"}");
                assertThat(client.next()).contains("subscribed");
            }
            ExecutorService pool = Executors.newFixedThreadPool(10);
            for (int j = 0; j < 10; j++) {
                int job = j;
                pool.execute(() -> {
                    for (int n = 0; n < 200; n++) {
                        rt.publish("job:" + run + "-" + job, jobEvent("job.retrying", run + "-" + job, n));
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            Map<String, Integer> next = new HashMap<>();
            Map<String, Long> lastOffset = new HashMap<>();
            for (int i = 0; i < 2000; i++) {
                Map<String, Object> event = parse(client.next());
                String channel = (String) event.get("channel");
                int n = (Integer) ((Map<String, Object>) event.get("payload")).get("n");
                assertThat(n).as(channel).isEqualTo(next.getOrDefault(channel, 0));
                next.put(channel, n + 1);
                long offset = ((Number) event.get("offset")).longValue();
                assertThat(offset).isGreaterThan(lastOffset.getOrDefault(channel, 0L));
                lastOffset.put(channel, offset);
            }
            assertThat(next).hasSize(10).allSatisfy((channel, count) -> assertThat(count).isEqualTo(200));
        }
    }

    @Test
    void progressIsThrottledThroughNats() throws Exception {
        String user = user();
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user)))) {
            client.next();
            String channel = "exports:" + user;
            // burst of progress: first delivered at once (P0), the last held and delivered at window end (P2)
            for (int i = 1; i <= 5; i++) {
                rt.publish(channel, exportEvent("job.progress", "g-a").replace("\"status\":\"running\"", "\"status\":\"p" + i + "\""));
            }
            assertThat(client.next()).contains("\"p1\"");
            assertThat(client.next()).contains("\"p5\"");
            // held progress is dropped when a non-progress event of the job comes first (P2/P3); P4: it passes at once
            rt.publish(channel, exportEvent("job.progress", "g-b").replace("running", "q1"));
            rt.publish(channel, exportEvent("job.progress", "g-b").replace("running", "q2"));
            rt.publish(channel, exportEvent("job.finished", "g-b"));
            assertThat(client.next()).contains("\"q1\"");
            assertThat(client.next()).contains("job.finished");
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next()).as("q2 must never follow job.finished").contains("pong");
        }
    }

    @Test
    void invalidEventsAreDeadLetteredNotDelivered() throws Exception {
        String user = user();
        var dlq = rt.nats.subscribe(rt.prefix + ".dlq.>");
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user)))) {
            client.next();
            rt.publish("exports:" + user, "{\"event\":\"job.exploded\"}");
            rt.publish("exports:" + user, "[1,2]");
            rt.publish("exports:" + user, exportEvent("job.finished", "ok"));
            assertThat(client.next()).contains("\"guid\":\"ok\"");
            var dead = dlq.nextMessage(Duration.ofSeconds(10));
            assertThat(dead.getSubject()).isEqualTo(rt.prefix + ".dlq.exports:" + user);
            assertThat(dead.getHeaders().getFirst("Herald-Errors")).contains("unknown event type");
            assertThat(dead.getHeaders().getFirst("Herald-Channel")).isEqualTo("exports:" + user);
            assertThat(dlq.nextMessage(Duration.ofSeconds(10))).isNotNull();
        } finally {
            dlq.unsubscribe();
        }
    }

    @Test
    void recoveryWithSince() throws Exception {
        String user = user();
        String tenant = "t-" + user.substring(0, 8);
        String channel = "order_changes@" + tenant;
        long first = rt.publish(channel, "{\"event\":\"order:created\",\"data\":{\"id\":1},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}");
        rt.publish(channel, "{\"event\":\"order:updated\",\"data\":{\"id\":1,\"changed_fields\":{}},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}");
        rt.publish(channel, "{\"event\":\"order:deleted\",\"data\":{\"id\":1},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}");
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user)))) {
            client.next();
            client.send("{\"type\":\"subscribe\",\"channel\":\"order_changes\",\"since\":" + first + "}");
            Map<String, Object> subscribed = parse(client.next());
            assertThat(subscribed).containsEntry("type", "subscribed").containsEntry("recovered", true);
            assertThat(client.next()).contains("order:updated");
            assertThat(client.next()).contains("order:deleted");
            String epoch = (String) subscribed.get("epoch");
            client.send("{\"type\":\"unsubscribe\",\"channel\":\"order_changes\"}");
            assertThat(client.next()).contains("unsubscribed");
            client.send("{\"type\":\"subscribe\",\"channel\":\"order_changes\",\"since\":" + first + ",\"epoch\":\"" + epoch + "\"}");
            assertThat(parse(client.next())).containsEntry("recovered", true);
            assertThat(client.next()).contains("order:updated");
            assertThat(client.next()).contains("order:deleted");
            client.send("{\"type\":\"unsubscribe\",\"channel\":\"order_changes\"}");
            assertThat(client.next()).contains("unsubscribed");
            client.send("{\"type\":\"subscribe\",\"channel\":\"order_changes\",\"since\":" + first + ",\"epoch\":\"old\"}");
            assertThat(parse(client.next())).containsEntry("type", "subscribed").containsEntry("recovered", false)
                .containsEntry("epoch", epoch);
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next()).as("no history after an epoch mismatch").contains("pong");
        }
    }

    @Test
    void publishApi() throws Exception {
        String user = user();
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user)))) {
            client.next();
            HttpResponse<String> noKey = post("/api/publish", null, "{}");
            assertThat(noKey.statusCode()).isEqualTo(401);
            assertThat(noKey.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
            HttpResponse<String> invalid = post("/api/publish", "apikey " + RealtimeServer.API_KEY,
                "{\"channel\":\"exports:" + user + "\",\"data\":{\"event\":\"nope\"}}");
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.body()).contains("invalid-event");
            assertThat(post("/api/publish", "apikey " + RealtimeServer.API_KEY, "{nope").statusCode()).isEqualTo(400);
            HttpResponse<String> ok = post("/api/publish", "apikey " + RealtimeServer.API_KEY,
                "{\"channel\":\"exports:" + user + "\",\"data\":" + exportEvent("job.created", "api") + "}");
            assertThat(ok.statusCode()).isEqualTo(200);
            Map<String, Object> body = parse(ok.body());
            assertThat(body).containsKey("offset").containsEntry("channel", "exports:" + user);
            assertThat(parse(client.next())).containsEntry("offset", body.get("offset"));
            HttpRequest broadcast = HttpRequest.newBuilder(URI.create(rt.http("/api/broadcast")))
                .header("X-API-Key", RealtimeServer.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"channels\":[\"exports:" + user + "\",\"webhooks:" + user
                    + "\"],\"data\":" + exportEvent("job.created", "b") + "}")).build();
            HttpResponse<String> result = http.send(broadcast, HttpResponse.BodyHandlers.ofString());
            assertThat(result.statusCode()).as(result.body()).isEqualTo(400);
            broadcast = HttpRequest.newBuilder(URI.create(rt.http("/api/broadcast")))
                .header("X-API-Key", RealtimeServer.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"channels\":[\"exports:" + user + "\",\"export.b.job\"],\"data\":"
                    + exportEvent("job.created", "b") + "}")).build();
            result = http.send(broadcast, HttpResponse.BodyHandlers.ofString());
            assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
            assertThat((List<?>) parse(result.body()).get("results")).hasSize(2);
            assertThat(client.next()).contains("\"guid\":\"b\"");
        }
    }

    @Test
    void healthIncludesNatsAndPrometheusServesMetrics() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(rt.http("/health"))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("nats");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(rt.http("/prometheus"))).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("herald_connections", "herald_subscriptions", "herald_deliveries_total",
                "herald_publish_deliver_latency_seconds_bucket");
        });
    }

    static HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rt.http(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
