package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.HttpJson;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WebhookReceiver;
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A customer watches its webhook activity live: with the dashboard open on {@code /ws}, it registers an endpoint
 * through the API whose receiver fails twice before accepting; for each of the three attempts the dashboard
 * receives a {@code webhook.event.created} on {@code webhooks:{uuid}} naming the attempt (its audit id), the
 * event, the response code (a string, as in the export product's event reference) and the URL.
 */
class WebhookDashboardNoticesIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);

    @Test
    void theDashboardHearsOfEveryAttempt() {
        User user = api.createUser("notices-" + UUID.randomUUID().toString().substring(0, 8));
        String token = api.socketToken(user);
        Map<String, String> apiKey = Map.of("Authorization", "apikey " + user.apiKey());
        try (WebhookReceiver receiver = WebhookReceiver.answering(500, 500);
             NatsPublisher nats = new NatsPublisher(platform);
             WsClient dashboard = WsClient.connect(platform.heraldWs(0, "/ws", token))) {
            dashboard.awaitConnected(WAIT);
            String url = receiver.url("/hooks/notices");
            // Registered with the user's API key this time (the user's token or API key).
            HttpJson.Response created = HttpJson.post(platform.webhook().httpUrl() + "/api/webhooks",
                    Map.of("url", url, "events", List.of("job.failed")), apiKey);
            assertEquals(201, created.status(), () -> created.raw() + "\n" + platform.logTails());
            String endpointId = created.body().path("id").asText();

            String guid = UUID.randomUUID().toString();
            nats.publish(user.exportsChannel(), Events.jobFailed(guid, "Rate limited by platform"));
            Awaitility.await().atMost(WAIT).until(() -> receiver.requests().size() >= 3);

            List<JsonNode> notices = dashboard.awaitEvents(user.webhooksChannel(), 3, WAIT);
            List<String> codes = new ArrayList<>();
            for (JsonNode n : notices) {
                assertEquals("webhook.event.created", n.path("event").asText(), n::toString);
                assertEquals("v3-beta", n.path("version").asText(), n::toString);
                assertEquals("job.failed", n.path("details").path("event").asText(), n::toString);
                assertEquals(url, n.path("details").path("webhookUrl").asText(), n::toString);
                assertTrue(n.path("details").path("responseCode").isTextual(), n::toString);
                codes.add(n.path("details").path("responseCode").asText());
            }
            assertEquals(List.of("500", "500", "200"), codes);

            HttpJson.Response audit = HttpJson.get(platform.webhook().httpUrl() + "/api/webhooks/" + endpointId + "/deliveries", apiKey);
            assertEquals(200, audit.status(), audit::raw);
            List<String> attemptIds = new ArrayList<>();
            audit.body().path("items").forEach(a -> attemptIds.add(a.path("id").asText()));
            assertFalse(attemptIds.isEmpty(), audit::raw);
            assertEquals(attemptIds.stream().sorted().toList(),
                    notices.stream().map(n -> n.path("details").path("uuid").asText()).sorted().toList(),
                    "one notice per audited attempt, named by its id");
        }
    }
}
