package io.herald.webhook.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.herald.webhook.support.Harness;
import io.herald.webhook.support.Receiver;
import io.herald.webhook.support.Receiver.Reply;
import io.micronaut.json.JsonMapper;
import io.nats.client.Dispatcher;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery end to end against real NATS JetStream, PostgreSQL and a real local HTTP receiver: signing (verified
 * with the Standard Webhooks Java library), stable webhook-id across retries, every outcome class, one audit row
 * per attempt, the webhook.event.created outbox, routing, replay and recover, and no secret in rows or logs.
 */
class DeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Harness h;
    private static Receiver rx;
    private static final List<io.nats.client.Message> notifications = new CopyOnWriteArrayList<>();
    private static final List<String> secrets = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        h = new Harness(Map.of());
        rx = new Receiver();
        Dispatcher d = h.nats.createDispatcher(notifications::add);
        d.subscribe(h.prefix + ".ch.>");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            String rows = h.dumpText();
            String logs = String.join("\n", h.logs);
            for (String s : secrets) {
                assertFalse(rows.contains(s), "secret in a database row");
                assertFalse(rows.contains(s.substring(6)), "secret body in a database row");
                assertFalse(logs.contains(s.substring(6)), "secret in the logs");
            }
        } finally {
            rx.close();
            h.close();
        }
    }

    private static String user() {
        return UUID.randomUUID().toString();
    }

    /** Creates an endpoint over the API and remembers its secret. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> endpoint(String user, String tenant, String url, List<String> events) throws Exception {
        Harness.Answer a = h.post("/api/webhooks", h.token(user, tenant), Map.of("url", url, "events", events));
        assertEquals(201, a.status(), a.raw());
        secrets.add((String) a.json().get("secret"));
        return a.json();
    }

    private static String job(String event, String guid) {
        return "{\"version\":\"v3-beta\",\"event\":\"" + event + "\",\"guid\":\"" + guid
                + "\",\"status\":\"done\",\"url\":null,\"details\":null}";
    }

    /** Waits until the consumer has passed every event published so far (it handles events in stream order). */
    private static void drain() throws Exception {
        String marker = user();
        String path = "/marker-" + marker;
        endpoint(marker, "t1", rx.url(path), List.of("job.finished"));
        h.publish("exports:" + marker, job("job.finished", "marker"));
        await().atMost(WAIT).until(() -> rx.requests(path).size() == 1);
    }

    private static List<Map<String, Object>> attempts(String endpointId) throws Exception {
        return h.query("SELECT * FROM attempt WHERE endpoint_id = ?::uuid ORDER BY started_at, attempt_number", endpointId);
    }

    private static void verify(String secret, Receiver.Request r) throws Exception {
        Map<String, List<String>> headers = Map.of("webhook-id", List.of(r.header("webhook-id")),
                "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                "webhook-signature", List.of(r.header("webhook-signature")));
        new Webhook(secret).verify(r.body(), headers);
    }

    @Test
    void deliversASignedRequestRecordsTheAttemptAndAnnouncesIt() throws Exception {
        String user = user();
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/ok"), List.of("job.finished"));
        String body = job("job.finished", "g-ok");
        h.publish("exports:" + user, body);
        await().atMost(WAIT).until(() -> rx.requests("/ok").size() == 1);
        Receiver.Request r = rx.requests("/ok").get(0);
        assertEquals(body, r.body(), "exact event bytes");
        assertTrue(r.header("content-type").startsWith("application/json"));
        assertEquals("Herald-Webhooks/0.1.0", r.header("user-agent"));
        assertTrue(r.header("webhook-id").startsWith("msg_") && !r.header("webhook-id").contains("."));
        assertTrue(Math.abs(Long.parseLong(r.header("webhook-timestamp")) - Instant.now().getEpochSecond()) < 30);
        assertTrue(r.header("webhook-signature").startsWith("v1,"));
        verify((String) ep.get("secret"), r);

        String id = (String) ep.get("id");
        await().atMost(WAIT).until(() -> "success".equals(attempts(id).get(0).get("status")));
        Map<String, Object> row = attempts(id).get(0);
        assertEquals(1, attempts(id).size());
        assertEquals(r.header("webhook-id"), row.get("delivery_id"));
        assertEquals("job.finished", row.get("event_type"));
        assertEquals(1, row.get("attempt_number"));
        assertEquals("scheduled", row.get("trigger"));
        assertEquals(rx.url("/ok"), row.get("url"));
        assertEquals("127.0.0.1", row.get("resolved_ip"));
        assertEquals(200, row.get("response_code"));
        assertEquals("ok", row.get("response_body"));
        assertNotNull(row.get("duration_ms"));
        assertNull(row.get("next_attempt_at"));

        // webhook.event.created on webhooks:{uuid}, via the outbox
        String attemptId = row.get("id").toString();
        await().atMost(WAIT).until(() -> notifications.stream().anyMatch(m -> m.getSubject().equals(h.prefix + ".ch.webhooks:" + user)));
        io.nats.client.Message n = notifications.stream().filter(m -> m.getSubject().equals(h.prefix + ".ch.webhooks:" + user)).findFirst().orElseThrow();
        Map<?, ?> ev = JsonMapper.createDefault().readValue(n.getData(), Map.class);
        assertEquals("v3-beta", ev.get("version"));
        assertEquals("webhook.event.created", ev.get("event"));
        assertEquals(attemptId, ev.get("guid"));
        assertEquals("200", ev.get("status"));
        assertTrue(ev.containsKey("url") && ev.get("url") == null);
        Map<?, ?> details = (Map<?, ?>) ev.get("details");
        assertEquals(attemptId, details.get("uuid"));
        assertEquals("job.finished", details.get("event"));
        assertEquals("200", details.get("responseCode"));
        assertEquals(rx.url("/ok"), details.get("webhookUrl"));
        await().atMost(WAIT).until(() -> h.query("SELECT 1 FROM outbox WHERE id = ?::uuid AND sent_at IS NOT NULL", attemptId).size() == 1);
        // ...and never delivered to a webhook (it would loop), even to a '*' endpoint
        assertEquals(1, rx.requests("/ok").size());
    }

    @Test
    void retriesKeepTheWebhookIdAndWriteOneRowPerAttempt() throws Exception {
        String user = user();
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/flaky"), List.of("*"));
        rx.script("/flaky", Reply.of(500), new Reply(503, Map.of(), "busy", 0));
        h.publish("notifications:" + user, "{\"type\":\"notification\",\"payload\":{\"id\":\"n1\",\"title\":\"t\",\"message\":\"m\",\"priority\":\"low\"},\"timestamp\":\"2026-01-01T00:00:00Z\"}");
        await().atMost(WAIT).until(() -> rx.requests("/flaky").size() == 3);
        List<Receiver.Request> rs = rx.requests("/flaky");
        assertEquals(1, rs.stream().map(r -> r.header("webhook-id")).distinct().count(), "same webhook-id");
        assertEquals(3, rs.stream().map(r -> r.header("webhook-timestamp")).distinct().count(), "new timestamp per attempt");
        assertEquals(3, rs.stream().map(r -> r.header("webhook-signature")).distinct().count());
        for (Receiver.Request r : rs) {
            verify((String) ep.get("secret"), r);
        }
        String id = (String) ep.get("id");
        await().atMost(WAIT).until(() -> attempts(id).stream().noneMatch(a -> "sending".equals(a.get("status"))) && attempts(id).size() == 3);
        List<Map<String, Object>> rows = attempts(id);
        assertEquals(List.of(1, 2, 3), rows.stream().map(a -> a.get("attempt_number")).toList());
        assertEquals(List.of("failed", "failed", "success"), rows.stream().map(a -> a.get("status")).toList());
        assertEquals(List.of("HTTP_ERROR", "THROTTLED", "SUCCESS"), rows.stream().map(a -> a.get("outcome")).toList());
        assertEquals("busy", rows.get(1).get("response_body"));
        assertNotNull(rows.get(0).get("next_attempt_at"));
        // jittered 1.1 s ± 20 % after the first attempt
        long gap = rs.get(1).receivedAtMs() - rs.get(0).receivedAtMs();
        assertTrue(gap >= 800, "retry waited " + gap + " ms");
        assertEquals("succeeded", h.query("SELECT status FROM delivery WHERE endpoint_id = ?::uuid", id).get(0).get("status"));
    }

    @Test
    void exhaustedRetriesEndTheDeliveryAsFailed() throws Exception {
        String user = user();
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/down"), List.of("job.failed"));
        rx.script("/down", Reply.of(500), Reply.of(500), Reply.of(500), Reply.of(500));
        h.publish("exports:" + user, job("job.failed", "g-down"));
        String id = (String) ep.get("id");
        await().atMost(WAIT).until(() -> h.query("SELECT status FROM delivery WHERE endpoint_id = ?::uuid AND status = 'failed'", id).size() == 1);
        assertEquals(3, attempts(id).size(), "schedule has 3 attempts");
        assertNull(attempts(id).get(2).get("next_attempt_at"));
        assertNotNull(h.query("SELECT failing_since FROM endpoint WHERE id = ?::uuid", id).get(0).get("failing_since"));
        assertEquals(3, rx.requests("/down").size());
    }

    @Test
    void responseBodyIsTruncatedToTheCap() throws Exception {
        String user = user();
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/big"), List.of("job.finished"));
        rx.script("/big", new Reply(200, Map.of(), "x".repeat(30_000), 0));
        h.publish("exports:" + user, job("job.finished", "big"));
        String id = (String) ep.get("id");
        await().atMost(WAIT).until(() -> !attempts(id).isEmpty() && "success".equals(attempts(id).get(0).get("status")));
        assertEquals(20_480, ((String) attempts(id).get(0).get("response_body")).length());
    }

    @Test
    void goneDisablesTheEndpointAtOnce() throws Exception {
        String user = user();
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/gone"), List.of("job.finished"));
        rx.script("/gone", Reply.of(410));
        h.publish("exports:" + user, job("job.finished", "g1"));
        String id = (String) ep.get("id");
        await().atMost(WAIT).until(() -> Boolean.FALSE.equals(h.get("/api/webhooks/" + id, h.token(user, "t1")).json().get("enabled")));
        assertEquals("gone", h.get("/api/webhooks/" + id, h.token(user, "t1")).json().get("disabledReason"));
        h.publish("exports:" + user, job("job.finished", "g2"));
        h.publish("exports:" + user, job("job.finished", "g3"));
        // a later event for a disabled endpoint is not delivered
        drain();
        assertEquals(1, rx.requests("/gone").size());
        List<Map<String, Object>> rows = attempts(id);
        assertEquals(1, rows.size());
        assertEquals("GONE", rows.get(0).get("outcome"));
        assertEquals(410, rows.get(0).get("response_code"));
    }

    @Test
    void throttledHonoursRetryAfterWithinBoundsAndTheFloor() throws Exception {
        String user = user();
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/throttle"), List.of("job.finished"));
        // base after attempt 1 is 1.1 s, so Retry-After 2 s is honoured as is (within [1.1, 2.2])
        rx.script("/throttle", new Reply(429, Map.of("Retry-After", "2"), "", 0));
        h.publish("exports:" + user, job("job.finished", "g-t"));
        await().atMost(WAIT).until(() -> rx.requests("/throttle").size() == 2);
        List<Map<String, Object>> rows = attempts((String) ep.get("id"));
        assertEquals("THROTTLED", rows.get(0).get("outcome"));
        Instant finished = ((Timestamp) rows.get(0).get("finished_at")).toInstant();
        Instant next = ((Timestamp) rows.get(0).get("next_attempt_at")).toInstant();
        long ms = Duration.between(finished, next).toMillis();
        assertTrue(ms >= 1900 && ms <= 2300, "Retry-After honoured: " + ms);
        long gap = rx.requests("/throttle").get(1).receivedAtMs() - rx.requests("/throttle").get(0).receivedAtMs();
        assertTrue(gap >= 1800, "waited " + gap);
    }

    @Test
    void redirectsAreFailuresAndNeverFollowed() throws Exception {
        String user = user();
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/redirect"), List.of("job.finished"));
        rx.script("/redirect", new Reply(302, Map.of("Location", rx.url("/target")), "", 0),
                new Reply(307, Map.of("Location", "http://169.254.169.254/latest/meta-data"), "", 0),
                new Reply(301, Map.of("Location", rx.url("/target")), "", 0));
        h.publish("exports:" + user, job("job.finished", "g-r"));
        String id = (String) ep.get("id");
        await().atMost(WAIT).until(() -> attempts(id).size() == 3 && attempts(id).stream().noneMatch(a -> "sending".equals(a.get("status"))));
        assertTrue(rx.requests("/target").isEmpty(), "redirect not followed");
        for (Map<String, Object> a : attempts(id)) {
            assertEquals("REDIRECT", a.get("outcome"));
            assertEquals("redirect", a.get("error_class"));
            assertEquals("failed", a.get("status"));
        }
    }

    @Test
    void timeoutsConnectionRefusedAndResetsAreRecordedAsNetworkFailures() throws Exception {
        String user = user();
        Map<String, Object> slow = endpoint(user, "t1", rx.url("/slow"), List.of("job.finished"));
        rx.script("/slow", new Reply(200, Map.of(), "", 4000));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Map<String, Object> refused = endpoint(user, "t1", "http://127.0.0.1:" + closedPort + "/x", List.of("job.finished"));
        ServerSocket resetter = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!resetter.isClosed()) {
                try (Socket s = resetter.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.setSoLinger(true, 0); // RST
                } catch (Exception ignored) {
                    // closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
        Map<String, Object> reset = endpoint(user, "t1", "http://127.0.0.1:" + resetter.getLocalPort() + "/x", List.of("job.finished"));
        try {
            h.publish("exports:" + user, job("job.finished", "g-net"));
            await().atMost(WAIT).until(() -> !attempts((String) slow.get("id")).isEmpty()
                    && "failed".equals(attempts((String) slow.get("id")).get(0).get("status"))
                    && !attempts((String) refused.get("id")).isEmpty()
                    && "failed".equals(attempts((String) refused.get("id")).get(0).get("status"))
                    && !attempts((String) reset.get("id")).isEmpty()
                    && "failed".equals(attempts((String) reset.get("id")).get(0).get("status")));
            Map<String, Object> s = attempts((String) slow.get("id")).get(0);
            assertEquals("TIMEOUT", s.get("outcome"));
            assertEquals("timeout", s.get("error_class"));
            // a timeout waits at least min-after-throttle (1.5 s) although the base is 1.1 s
            long ms = Duration.between(((Timestamp) s.get("finished_at")).toInstant(), ((Timestamp) s.get("next_attempt_at")).toInstant()).toMillis();
            assertTrue(ms >= 1450, "floor after timeout: " + ms);
            Map<String, Object> c = attempts((String) refused.get("id")).get(0);
            assertEquals("NETWORK_ERROR", c.get("outcome"));
            assertEquals("connect", c.get("error_class"));
            Map<String, Object> r = attempts((String) reset.get("id")).get(0);
            assertEquals("NETWORK_ERROR", r.get("outcome"));
            assertEquals("io", r.get("error_class"));
            assertNotNull(r.get("error_message"));
        } finally {
            resetter.close();
        }
    }

    @Test
    void ssrfBlockAtDeliveryTimeIsAuditedAndNothingIsSent() throws Exception {
        String user = user();
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/rebind"), List.of("job.finished"));
        // What DNS rebinding would do: the stored target now points at the metadata service.
        h.query("UPDATE endpoint SET url = 'http://169.254.169.254/latest/meta-data' WHERE id = ?::uuid", ep.get("id"));
        h.publish("exports:" + user, job("job.finished", "g-ssrf"));
        String id = (String) ep.get("id");
        await().atMost(WAIT).until(() -> !attempts(id).isEmpty() && "blocked".equals(attempts(id).get(0).get("status")));
        Map<String, Object> a = attempts(id).get(0);
        assertEquals("ssrf_blocked", a.get("error_class"));
        assertTrue(((String) a.get("error_message")).contains("169.254.0.0/16"), (String) a.get("error_message"));
        assertTrue(rx.requests("/rebind").isEmpty());
    }

    @Test
    void routesByOwnerTenantAndSubscription() throws Exception {
        String alice = user();
        String bob = user();
        String carol = user();
        String tenant = "tenant-" + UUID.randomUUID();
        endpoint(alice, tenant, rx.url("/alice"), List.of("order:created"));
        endpoint(bob, tenant, rx.url("/bob"), List.of("job.finished"));
        endpoint(carol, "other-tenant", rx.url("/carol"), List.of("*"));
        h.publish("order_changes@" + tenant, "{\"event\":\"order:created\",\"data\":{\"id\":\"o1\"},\"timestamp\":\"2026-01-01T00:00:00Z\"}");
        h.publish("exports:" + bob, job("job.finished", "b1"));
        h.publish("exports:" + alice, job("job.finished", "a1")); // alice doesn't subscribe to job.finished
        h.publish("webhooks:" + carol, job("webhook.event.created", "loop"));
        h.publish("job:123", job("job.finished", "grant-only"));
        await().atMost(WAIT).until(() -> rx.requests("/alice").size() == 1 && rx.requests("/bob").size() == 1);
        drain();
        assertTrue(rx.requests("/alice").get(0).body().contains("order:created"));
        assertEquals(1, rx.requests("/alice").size());
        assertTrue(rx.requests("/bob").get(0).body().contains("b1"));
        assertTrue(rx.requests("/carol").isEmpty(), "other tenant, and webhook.event.created never delivered");
    }

    @Test
    @SuppressWarnings("unchecked")
    void manualRetryRecoverAndTestUseTheApi() throws Exception {
        String user = user();
        String token = h.token(user, "t1");
        // an event published before the endpoint exists: never produced a delivery
        Instant before = Instant.now().minusSeconds(1);
        h.publish("exports:" + user, job("job.finished", "early"));
        drain();
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/replay"), List.of("job.finished"));
        String id = (String) ep.get("id");
        Harness.Answer rec = h.post("/api/webhooks/" + id + "/recover", token, Map.of("since", before.toString()));
        assertEquals(202, rec.status(), rec.raw());
        assertEquals(1, ((Number) rec.json().get("scheduled")).intValue());
        await().atMost(WAIT).until(() -> rx.requests("/replay").size() == 1);
        assertTrue(rx.requests("/replay").get(0).body().contains("early"));
        await().atMost(WAIT).until(() -> attempts(id).size() == 1 && "success".equals(attempts(id).get(0).get("status")));
        assertEquals("recover", attempts(id).get(0).get("trigger"));
        String deliveryId = (String) attempts(id).get(0).get("delivery_id");

        Harness.Answer retry = h.post("/api/webhooks/" + id + "/deliveries/" + deliveryId + "/retry", token, Map.of());
        assertEquals(202, retry.status(), retry.raw());
        await().atMost(WAIT).until(() -> rx.requests("/replay").size() == 2);
        assertEquals(deliveryId, rx.requests("/replay").get(1).header("webhook-id"));
        await().atMost(WAIT).until(() -> attempts(id).size() == 2 && "success".equals(attempts(id).get(1).get("status")));
        assertEquals("manual", attempts(id).get(1).get("trigger"));
        assertEquals(2, attempts(id).get(1).get("attempt_number"));

        Harness.Answer test = h.post("/api/webhooks/" + id + "/test", token, null);
        assertEquals(202, test.status(), test.raw());
        await().atMost(WAIT).until(() -> rx.requests("/replay").size() == 3);
        assertTrue(rx.requests("/replay").get(2).body().contains("webhook.test"));
        verify((String) ep.get("secret"), rx.requests("/replay").get(2));

        await().atMost(WAIT).until(() -> ((Number) h.get("/api/webhooks/" + id + "/deliveries", token).json().get("total")).intValue() == 3);
        Harness.Answer page = h.get("/api/webhooks/" + id + "/deliveries?status=success&event=job.finished&size=1", token);
        assertEquals(200, page.status());
        assertEquals(2, ((Number) page.json().get("total")).intValue());
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.json().get("items");
        assertEquals(1, items.size());
        assertEquals(deliveryId, items.get(0).get("deliveryId"));
        assertFalse(page.raw().contains("whsec_"));

        Harness.Answer unknown = h.post("/api/webhooks/" + id + "/deliveries/msg_nope/retry", token, Map.of());
        assertEquals(404, unknown.status());
    }

    @Test
    void rotationSignsWithBothSecretsDuringTheOverlap() throws Exception {
        String user = user();
        String token = h.token(user, "t1");
        Map<String, Object> ep = endpoint(user, "t1", rx.url("/rotate"), List.of("job.finished"));
        String id = (String) ep.get("id");
        Harness.Answer rot = h.post("/api/webhooks/" + id + "/rotate-secret", token, null);
        assertEquals(200, rot.status(), rot.raw());
        String fresh = (String) rot.json().get("secret");
        secrets.add(fresh);
        assertNotEquals(ep.get("secret"), fresh);
        h.publish("exports:" + user, job("job.finished", "rot"));
        await().atMost(WAIT).until(() -> rx.requests("/rotate").size() == 1);
        Receiver.Request r = rx.requests("/rotate").get(0);
        assertEquals(2, r.header("webhook-signature").split(" ").length);
        assertDoesNotThrow(() -> verify(fresh, r));
        assertDoesNotThrow(() -> verify((String) ep.get("secret"), r));
        assertTrue(new String(r.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("rot"));
    }
}
