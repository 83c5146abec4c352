package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.e2e.support.CentrifugeJsClient;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.Published;
import io.herald.e2e.support.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The export product's Quick Start, run unchanged with the official {@code centrifuge} JS SDK (Node, pinned
 * 5.8.0): the SDK fetches a token from {@code POST /api/public/auth/socket} with the user's API key, connects
 * to {@code /connection/websocket}, is subscribed server-side to the personal channels, and prints
 * {@code job.created → job.progress → job.finished} published through NATS and the HTTP API, with offsets in
 * stream order. Subscribing to another user's channel is refused with permission denied (103); a job with a
 * grant is not available to a plain socket token.
 */
class CentrifugeSdkJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);

    @Test
    void theQuickStartPrintsTheJobsEvents() {
        User user = api.createUser("sdk-" + UUID.randomUUID().toString().substring(0, 8));
        User other = api.createUser(user.tenant());
        String channel = user.exportsChannel();
        Published published = new Published();
        try (CentrifugeJsClient sdk = CentrifugeJsClient.start(platform, user.apiKey(), Map.of());
             NatsPublisher nats = new NatsPublisher(platform)) {
            sdk.await(e -> "connected".equals(e.path("kind").asText()), WAIT);
            sdk.await(e -> "subscribed".equals(e.path("kind").asText()) && channel.equals(e.path("channel").asText()), WAIT);
            assertTrue(sdk.events("token").size() >= 1, "the SDK asked getToken for its token");

            String guid = UUID.randomUUID().toString();
            List<ObjectNode> job = List.of(Events.jobCreated(guid), Events.jobProgress(guid, 500, 1500),
                    Events.jobProgress(guid, 1000, 1500), Events.jobFinished(guid, 1500));
            for (int i = 0; i < job.size(); i++) {
                long offset = i % 2 == 0 ? nats.publish(channel, job.get(i)) : api.publishHttp(0, channel, job.get(i));
                published.add(channel, offset, job.get(i));
            }
            long lastOffset = published.offsets(channel).get(job.size() - 1);
            Awaitility.await().atMost(WAIT).until(() -> sdk.events("publication").stream()
                    .anyMatch(p -> p.path("offset").asLong() == lastOffset));

            List<JsonNode> pubs = sdk.events("publication").stream().filter(p -> channel.equals(p.path("channel").asText())).toList();
            long previous = 0;
            List<String> types = new ArrayList<>();
            for (JsonNode p : pubs) {
                long offset = p.path("offset").asLong();
                assertTrue(offset > previous, () -> "offsets in stream order: " + pubs);
                previous = offset;
                assertEquals(published.at(offset), p.path("data"), () -> "publication data is the event: " + p);
                types.add(p.path("data").path("event").asText());
            }
            assertEquals("job.created", types.get(0), types::toString);
            assertEquals("job.progress", types.get(1), types::toString);
            assertEquals("job.finished", types.get(types.size() - 1), types::toString);
            assertTrue(sdk.consoleLines().stream().anyMatch(l -> l.startsWith("Event: job.finished")),
                    () -> "the Quick Start prints the events: " + sdk.consoleLines());

            sdk.command(Map.of("cmd", "subscribe", "channel", other.exportsChannel()));
            JsonNode refused = sdk.await(e -> "sub_error".equals(e.path("kind").asText())
                    || "sub_unsubscribed".equals(e.path("kind").asText()) || "sub_subscribed".equals(e.path("kind").asText()), WAIT);
            assertTrue(!"sub_subscribed".equals(refused.path("kind").asText()), () -> "another user's channel: " + refused);
            JsonNode error = sdk.await(e -> "sub_unsubscribed".equals(e.path("kind").asText()) || "sub_error".equals(e.path("kind").asText()), WAIT);
            assertTrue(error.toString().contains("103"), () -> "permission denied (103): " + sdk.events());
        }
    }
}
