package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.standardwebhooks.Webhook;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.HttpJson;
import io.herald.e2e.support.Json;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A customer registers a webhook endpoint through the API for its finished exports. Its receiver is having a
 * bad day and answers {@code 500} twice before accepting the delivery: Herald retries, signs every attempt the
 * Standard Webhooks way with the same {@code webhook-id}, and the audit shows the three attempts with their
 * outcomes. The secret shown at registration never shows up in the service's log or the audit.
 * ({@code WebhookDashboardNoticesIT} follows the same journey on the user's {@code webhooks:{uuid}} channel.)
 *
 * <p>The shared platform shortens the retry schedule ({@code HERALD_WEBHOOK_RETRY_SCHEDULE}) so the third
 * attempt comes after seconds, not minutes.
 */
class WebhookDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);

    @Test
    void aFlakyReceiverGetsThreeSignedAttemptsAllAudited() throws Exception {
        User user = api.createUser("hooks-" + UUID.randomUUID().toString().substring(0, 8));
        String token = api.socketToken(user);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        try (WebhookReceiver receiver = WebhookReceiver.answering(500, 500);
             NatsPublisher nats = new NatsPublisher(platform)) {
            String url = receiver.url("/hooks/herald");
            HttpJson.Response created = HttpJson.post(platform.webhook().httpUrl() + "/api/webhooks",
                    Map.of("url", url, "events", List.of("job.finished")), bearer);
            assertTrue(created.status() == 201 || created.status() == 200,
                    () -> "POST /api/webhooks answered " + created.status() + " " + created.raw() + "\n" + platform.logTails());
            String endpointId = created.body().path("id").asText();
            String secret = created.body().path("secret").asText();
            assertFalse(endpointId.isEmpty(), created::raw);
            assertTrue(secret.startsWith("whsec_"), () -> "secret shown once at creation: " + created.raw());
            int keyBytes = Base64.getDecoder().decode(secret.substring("whsec_".length())).length;
            assertTrue(keyBytes >= 24 && keyBytes <= 32, "24-32 random bytes: " + keyBytes);
            HttpJson.Response shown = HttpJson.get(platform.webhook().httpUrl() + "/api/webhooks/" + endpointId, bearer);
            assertEquals(200, shown.status(), shown::raw);
            assertFalse(shown.raw().contains(secret), () -> "the secret is shown only once: " + shown.raw());
            // Another customer (with its API key) can neither see the endpoint nor its audit.
            User other = api.createUser(user.tenant());
            Map<String, String> othersKey = Map.of("Authorization", "apikey " + other.apiKey());
            for (String path : List.of("", "/deliveries")) {
                HttpJson.Response r = HttpJson.get(platform.webhook().httpUrl() + "/api/webhooks/" + endpointId + path, othersKey);
                assertTrue(r.status() == 404 || r.status() == 403, () -> "another user's GET " + path + " answered " + r.status() + " " + r.raw());
            }
            HttpJson.Response anonymous = HttpJson.get(platform.webhook().httpUrl() + "/api/webhooks", Map.of());
            assertEquals(401, anonymous.status(), anonymous::raw);

            String guid = UUID.randomUUID().toString();
            ObjectNode finished = Events.jobFinished(guid, 1500);
            nats.publish(user.exportsChannel(), finished);

            Awaitility.await("three attempts at the receiver").atMost(WAIT).until(() -> receiver.requests().size() >= 3);
            List<WebhookReceiver.Request> attempts = receiver.requests();
            assertEquals(3, attempts.size(), "exactly three attempts, the third succeeded");
            String webhookId = attempts.get(0).header("webhook-id");
            assertNotNull(webhookId, () -> "headers: " + attempts.get(0).headers());
            assertFalse(webhookId.contains("."), webhookId);
            for (WebhookReceiver.Request r : attempts) {
                assertEquals("POST", r.method());
                assertEquals("/hooks/herald", r.path());
                assertEquals(webhookId, r.header("webhook-id"), "webhook-id is stable across retries");
                assertTrue(r.header("content-type").startsWith("application/json"), r.header("content-type"));
                assertTrue(r.header("user-agent").startsWith("Herald-Webhooks/"), r.header("user-agent"));
                long ts = Long.parseLong(r.header("webhook-timestamp"));
                assertTrue(Math.abs(ts - r.receivedAt().getEpochSecond()) <= 5, "webhook-timestamp is the attempt's time");
                assertTrue(signatures(r).contains(expectedSignature(secret, webhookId, r.header("webhook-timestamp"), r.body())),
                        () -> "HMAC-SHA256 over id.timestamp.body with the decoded secret: " + r.header("webhook-signature"));
                new Webhook(secret).verify(r.body(), r.headers()); // the spec's reference library agrees
                JsonNode body = Json.read(r.body());
                assertEquals(finished, body.has("event") ? body : body.path("data"), () -> "delivered body " + r.body());
            }

            // The audit trail: three attempts, the first two failed with 500, the last succeeded with 200.
            Awaitility.await("audit shows three attempts").atMost(WAIT).until(() -> auditedAttempts(endpointId, bearer).size() >= 3);
            List<JsonNode> audited = auditedAttempts(endpointId, bearer);
            assertEquals(List.of(500, 500, 200), audited.stream().map(a -> a.path("responseCode").asInt()).toList(),
                    () -> "audit: " + audited);
            assertEquals(List.of("failed", "failed", "success"), audited.stream().map(a -> a.path("status").asText()).toList(),
                    () -> "audit: " + audited);
            assertTrue(audited.stream().allMatch(a -> webhookId.equals(a.path("deliveryId").asText())),
                    () -> "audit rows name the webhook-id: " + audited);
            assertTrue(audited.stream().noneMatch(a -> a.toString().contains(secret)), "no secret in audit rows");

            assertFalse(platform.webhook().log().contains(secret.substring("whsec_".length())), "secret in the service log");
        }
    }

    /** Every audited attempt for the endpoint, oldest first, whatever the page's shape. */
    private List<JsonNode> auditedAttempts(String endpointId, Map<String, String> auth) {
        HttpJson.Response r = HttpJson.get(platform.webhook().httpUrl() + "/api/webhooks/" + endpointId + "/deliveries", auth);
        assertEquals(200, r.status(), r::raw);
        List<JsonNode> rows = new ArrayList<>();
        collectAttempts(r.body(), rows);
        rows.sort((a, b) -> Integer.compare(attemptNumber(a), attemptNumber(b)));
        return rows;
    }

    private static void collectAttempts(JsonNode node, List<JsonNode> out) {
        if (node.isObject() && node.has("responseCode") && (node.has("attemptNumber") || node.has("attempt"))) {
            out.add(node);
            return;
        }
        node.forEach(child -> collectAttempts(child, out));
    }

    private static int attemptNumber(JsonNode a) {
        return a.has("attemptNumber") ? a.path("attemptNumber").asInt() : a.path("attempt").asInt();
    }

    private static List<String> signatures(WebhookReceiver.Request r) {
        return List.of(r.header("webhook-signature").split(" "));
    }

    /** The Standard Webhooks scheme, written out so that a reader sees exactly what is signed. */
    static String expectedSignature(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(sig);
    }

    @Test
    void theSignatureSchemeMatchesTheSpecsKnownAnswer() throws Exception {
        // Guards the verifier above: the known-answer test from the Standard Webhooks spec.
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                expectedSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        "1614265330", "{\"test\": 2432232314}"));
    }
}
