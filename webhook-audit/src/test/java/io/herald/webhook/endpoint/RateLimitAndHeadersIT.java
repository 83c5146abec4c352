package io.herald.webhook.endpoint;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.webhook.support.Harness;
import io.herald.webhook.support.Receiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-endpoint delivery rate limit (a burst beyond it is queued, not dropped) and custom request headers (which
 * cannot override the headers Herald sets), over the API and real deliveries.
 */
class RateLimitAndHeadersIT {

    private static Harness h;
    private static Receiver rx;

    @BeforeAll
    static void start() throws Exception {
        h = new Harness(Map.of());
        rx = new Receiver();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            rx.close();
        } finally {
            h.close();
        }
    }

    private static String job(String guid) {
        return "{\"version\":\"v3-beta\",\"event\":\"job.finished\",\"guid\":\"" + guid
            + "\",\"status\":\"done\",\"url\":null,\"details\":null}";
    }

    @Test
    void aBurstBeyondTheRateLimitIsQueuedAndEveryRequestCarriesTheCustomHeaders() throws Exception {
        String user = UUID.randomUUID().toString();
        Harness.Answer ep = h.post("/api/webhooks", h.token(user, "t1"), Map.of("url", rx.url("/limited"),
            "events", List.of("job.finished"), "rateLimit", 2, "headers", Map.of("X-Tenant", "acme", "Authorization",
                "Bearer receiver-token")));
        assertEquals(201, ep.status(), ep.raw());
        assertEquals(2, ep.json().get("rateLimit"));
        assertEquals(Map.of("X-Tenant", "acme", "Authorization", "Bearer receiver-token"), ep.json().get("headers"));

        int burst = 7;
        for (int i = 0; i < burst; i++) {
            h.publish("exports:" + user, job("g" + i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> rx.requests("/limited").size() == burst);
        List<Receiver.Request> got = rx.requests("/limited");
        // 2 per second with a burst of 2: the seventh request cannot go before 2.5 s after the first
        long span = got.get(burst - 1).receivedAtMs() - got.get(0).receivedAtMs();
        assertTrue(span >= 2_000, "7 requests at 2/s took only " + span + " ms");
        for (Receiver.Request r : got) {
            assertEquals("acme", r.header("x-tenant"));
            assertEquals("Bearer receiver-token", r.header("authorization"));
            assertTrue(r.header("webhook-signature").startsWith("v1,"));
        }

        String id = (String) ep.json().get("id");
        Harness.Answer cleared = h.patch("/api/webhooks/" + id, h.token(user, "t1"), Map.of("rateLimit", 0,
            "headers", Map.of()));
        assertEquals(200, cleared.status(), cleared.raw());
        assertEquals(null, cleared.json().get("rateLimit"));
        Object headers = cleared.json().get("headers");
        assertTrue(headers == null || ((Map<?, ?>) headers).isEmpty(), "headers removed: " + headers);
    }

    @Test
    void headersHeraldSetsCannotBeOverriddenAndLimitsAreValidated() throws Exception {
        String token = h.token(UUID.randomUUID().toString(), "t1");
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("headers", Map.of("webhook-id", "x")),
                Map.of("headers", Map.of("Webhook-Signature", "v1,forged")),
                Map.of("headers", Map.of("Content-Type", "text/plain")),
                Map.of("headers", Map.of("User-Agent", "x")),
                Map.of("headers", Map.of("X-Bad", "line\nbreak")),
                Map.of("headers", Map.of("bad name", "x")),
                Map.of("rateLimit", 10_001),
                Map.of("rateLimit", -1))) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("url", rx.url("/never"), "events", List.of("*")));
            body.putAll(bad);
            Harness.Answer a = h.post("/api/webhooks", token, body);
            assertEquals(400, a.status(), bad + " -> " + a.raw());
            assertTrue(a.contentType().contains("problem+json"), a.contentType());
        }
    }
}
