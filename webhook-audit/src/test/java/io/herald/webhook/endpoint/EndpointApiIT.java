package io.herald.webhook.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.webhook.support.AuthStub;
import io.herald.webhook.support.Harness;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The endpoints API over real HTTP: CRUD, ownership (another user's id is 404 and never leaks data), validation
 * as problem+json (400/401/404/413), configured limits, JWT and API-key authentication, health and OpenAPI.
 */
class EndpointApiIT {

    private static Harness h;

    @BeforeAll
    static void start() throws Exception {
        h = new Harness(Map.of("herald.webhook.api.max-endpoints-per-user", 3, "micronaut.server.max-request-size", 8192));
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static void assertProblem(Harness.Answer a, int status, String detailFragment) {
        assertEquals(status, a.status(), a.raw());
        assertTrue(a.contentType().startsWith("application/problem+json"), a.contentType());
        assertEquals(status, ((Number) a.json().get("status")).intValue());
        assertNotNull(a.json().get("title"));
        if (detailFragment != null) {
            assertTrue(String.valueOf(a.json().get("detail")).contains(detailFragment), a.raw());
        }
        assertFalse(a.raw().contains("at io.") || a.raw().contains("Exception"), "no stack trace: " + a.raw());
    }

    @Test
    @SuppressWarnings("unchecked")
    void crudOfOwnEndpoints() throws Exception {
        String user = UUID.randomUUID().toString();
        String token = h.token(user, "acme");
        Harness.Answer created = h.post("/api/webhooks", token,
                Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("job.finished", "order:updated"), "description", "d"));
        assertEquals(201, created.status(), created.raw());
        String id = (String) created.json().get("id");
        String secret = (String) created.json().get("secret");
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(List.of("job.finished", "order:updated"), created.json().get("events"));
        assertEquals(true, created.json().get("enabled"));

        Harness.Answer got = h.get("/api/webhooks/" + id, token);
        assertEquals(200, got.status());
        assertNull(got.json().get("secret"), "secret is shown once");
        assertFalse(got.raw().contains(secret));

        Harness.Answer list = h.get("/api/webhooks", token);
        assertEquals(1, list.list().size());

        Harness.Answer patched = h.patch("/api/webhooks/" + id, token, Map.of("events", List.of("*"), "enabled", false));
        assertEquals(200, patched.status(), patched.raw());
        assertEquals(List.of("*"), patched.json().get("events"));
        assertEquals(false, patched.json().get("enabled"));
        assertEquals("user", patched.json().get("disabledReason"));
        Harness.Answer reenabled = h.patch("/api/webhooks/" + id, token, Map.of("enabled", true));
        assertEquals(true, reenabled.json().get("enabled"));
        assertNull(reenabled.json().get("disabledReason"));

        Harness.Answer rotated = h.post("/api/webhooks/" + id + "/rotate-secret", token, null);
        assertEquals(200, rotated.status());
        assertTrue(((String) rotated.json().get("secret")).startsWith("whsec_"));

        assertEquals(204, h.delete("/api/webhooks/" + id, token).status());
        assertProblem(h.get("/api/webhooks/" + id, token), 404, "not found");
        assertEquals(0, h.get("/api/webhooks", token).list().size());
        // the secret is stored encrypted
        String rows = h.dumpText();
        assertFalse(rows.contains(secret.substring(6)));
    }

    @Test
    void anotherUsersEndpointIsNotFound() throws Exception {
        String owner = UUID.randomUUID().toString();
        Harness.Answer created = h.post("/api/webhooks", h.token(owner, "acme"),
                Map.of("url", "http://127.0.0.1:9/x", "events", List.of("*")));
        String id = (String) created.json().get("id");
        String intruder = h.token(UUID.randomUUID().toString(), "acme");
        for (Harness.Answer a : List.of(h.get("/api/webhooks/" + id, intruder),
                h.patch("/api/webhooks/" + id, intruder, Map.of("url", "http://127.0.0.1:9/evil")),
                h.delete("/api/webhooks/" + id, intruder),
                h.post("/api/webhooks/" + id + "/rotate-secret", intruder, null),
                h.get("/api/webhooks/" + id + "/deliveries", intruder),
                h.post("/api/webhooks/" + id + "/test", intruder, null),
                h.post("/api/webhooks/" + id + "/recover", intruder, Map.of("since", "2026-01-01T00:00:00Z")),
                h.post("/api/webhooks/" + id + "/deliveries/msg_x/retry", intruder, Map.of()))) {
            assertProblem(a, 404, "endpoint not found");
            assertFalse(a.raw().contains("127.0.0.1:9/x"));
        }
        assertEquals(0, h.get("/api/webhooks", intruder).list().size());
        assertEquals("http://127.0.0.1:9/x", h.get("/api/webhooks/" + id, h.token(owner, "acme")).json().get("url"));
        assertProblem(h.get("/api/webhooks/not-a-uuid", intruder), 404, null);
    }

    @Test
    void badInputIsAProblem() throws Exception {
        String token = h.token(UUID.randomUUID().toString(), "acme");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://10.0.0.1/x", "events", List.of("*"))), 400,
                "10.0.0.0/8 (private network)");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://169.254.169.254/", "events", List.of("*"))), 400,
                "never allowed");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "ftp://example.com/", "events", List.of("*"))), 400, "scheme");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://u:p@127.0.0.1/", "events", List.of("*"))), 400, "user information");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://2130706433/", "events", List.of("*"))), 400, "non-canonical");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "not a url", "events", List.of("*"))), 400, "URL refused");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://127.0.0.1/x", "events", List.of("job.exploded"))), 400,
                "unknown event type 'job.exploded'");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://127.0.0.1/x", "events", List.of("webhook.event.created"))), 400,
                "never delivered");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://127.0.0.1/x", "events", List.of())), 400, "events");
        assertProblem(h.post("/api/webhooks", token, Map.of("events", List.of("*"))), 400, "url is required");
        assertProblem(h.post("/api/webhooks", token, "{not json"), 400, null);
        assertProblem(h.post("/api/webhooks", token, "{\"url\":\"http://127.0.0.1/" + "a".repeat(10_000) + "\",\"events\":[\"*\"]}"), 413, null);
        // configured limits (defaults): URL length 2048, 100 event types, description 1024
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://127.0.0.1/" + "a".repeat(2100), "events", List.of("*"))), 400,
                "url must be 1..2048 characters");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://127.0.0.1/x", "events",
                java.util.Collections.nCopies(101, "job.finished"))), 400, "1..100 event types");
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://127.0.0.1/x", "events", List.of("*"),
                "description", "d".repeat(1025))), 400, "at most 1024");
        String id = (String) h.post("/api/webhooks", token, Map.of("url", "http://127.0.0.1/x", "events", List.of("*"))).json().get("id");
        assertProblem(h.get("/api/webhooks/" + id + "/deliveries?status=weird", token), 400, "status must be one of");
        assertProblem(h.get("/api/webhooks/" + id + "/deliveries?size=1000", token), 400, "size");
        assertProblem(h.post("/api/webhooks/" + id + "/recover", token, Map.of("since", "yesterday")), 400, "RFC 3339");
        assertProblem(h.post("/api/webhooks/" + id + "/recover", token, Map.of()), 400, "since is required");
        assertProblem(h.post("/api/webhooks/" + id + "/recover", token,
                Map.of("since", "2026-02-01T00:00:00Z", "until", "2026-01-01T00:00:00Z")), 400, "before");
    }

    @Test
    void endpointLimitPerUserIsEnforced() throws Exception {
        String token = h.token(UUID.randomUUID().toString(), "acme");
        for (int i = 0; i < 3; i++) {
            assertEquals(201, h.post("/api/webhooks", token, Map.of("url", "http://127.0.0.1/" + i, "events", List.of("*"))).status());
        }
        assertProblem(h.post("/api/webhooks", token, Map.of("url", "http://127.0.0.1/4", "events", List.of("*"))), 409,
                "endpoint limit reached (3 per user)");
    }

    @Test
    void unauthenticatedCallersGet401() throws Exception {
        String user = UUID.randomUUID().toString();
        assertProblem(h.get("/api/webhooks", null), 401, null);
        assertProblem(h.get("/api/webhooks", "garbage"), 401, null);
        assertProblem(h.get("/api/webhooks", AuthStub.foreignToken(user, "acme")), 401, null);
        assertProblem(h.get("/api/webhooks", h.auth.token(user, "acme", new Date(System.currentTimeMillis() - 60_000))), 401, null);
        assertProblem(h.send("GET", "/api/webhooks", null, null, Map.of("X-API-Key", "wrong-key")), 401, null);
        assertProblem(h.send("GET", "/api/webhooks", null, null, Map.of("Authorization", "apikey wrong-key")), 401, null);
    }

    @Test
    void apiKeysAreExchangedForATokenAndCached() throws Exception {
        String user = UUID.randomUUID().toString();
        String key = "hk_" + UUID.randomUUID();
        h.auth.apiKey(key, user, "acme");
        Harness.Answer created = h.send("POST", "/api/webhooks", null,
                Map.of("url", "http://127.0.0.1:9/k", "events", List.of("*")), Map.of("Authorization", "apikey " + key));
        assertEquals(201, created.status(), created.raw());
        int before = h.auth.exchanges.get();
        Harness.Answer list = h.send("GET", "/api/webhooks", null, null, Map.of("X-API-Key", key));
        assertEquals(200, list.status());
        assertEquals(1, list.list().size());
        assertEquals(before, h.auth.exchanges.get(), "second call served from the cache");
        // same user through a JWT sees the same endpoint
        assertEquals(1, h.get("/api/webhooks", h.token(user, "acme")).list().size());
        assertTrue(h.logs.stream().noneMatch(l -> l.contains(key)), "API key never logged");
    }

    @Test
    void healthOpenApiAndMetricsAreServed() throws Exception {
        Harness.Answer health = h.get("/health", null);
        assertEquals(200, health.status());
        assertEquals("UP", health.json().get("status"));
        Harness.Answer ready = h.get("/health/readiness", null);
        assertEquals(200, ready.status(), ready.raw());
        Harness.Answer spec = h.get("/swagger/herald-webhooks-0.1.0.yml", null);
        assertEquals(200, spec.status());
        assertTrue(spec.raw().contains("/api/webhooks/{id}/recover"));
        assertEquals(200, h.get("/swagger-ui/index.html", null).status());
        Harness.Answer prom = h.get("/prometheus", null);
        assertEquals(200, prom.status());
        assertTrue(prom.raw().contains("herald_webhook_attempts_total{outcome=\"success\"}"), prom.raw());
    }
}
