package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.ForgedTokens;
import io.herald.e2e.support.HttpJson;
import io.herald.e2e.support.Json;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.Published;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A user of the export product follows an export job live: the operator creates the user through the admin
 * API, the user swaps its API key for a socket token, connects to {@code /ws} with the Herald JSON protocol,
 * is put on its personal {@code exports:{uuid}} channel, and sees {@code job.created → job.progress… →
 * job.finished} in stream order, each with its offset, whether the backend publishes through NATS or through
 * the HTTP publish API (and through another realtime instance than the one the user is connected to).
 *
 * <p>The shared platform throttles progress with a 1 s window, so progress published in a burst is thinned:
 * the first progress of the job always arrives (P0), the rest is an in-order subsequence.
 */
class ExportJobJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);

    @Test
    void userFollowsAnExportJobPublishedThroughNats() {
        try (NatsPublisher nats = new NatsPublisher(platform)) {
            followJob(0, (channel, event) -> nats.publish(channel, event));
        }
    }

    @Test
    void userFollowsAnExportJobPublishedThroughTheHttpApiOfAnotherInstance() {
        int publishVia = platform.realtimeInstances() - 1;
        followJob(0, (channel, event) -> api.publishHttp(publishVia, channel, event));
    }

    @Test
    void anOperatorBroadcastsOneEventToSeveralUsersWithTheHeaderTokenAndTheXApiKey() {
        String tenant = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        User ann = api.createUser(tenant);
        User ben = api.createUser(tenant);
        // The token may also come as Authorization: Bearer on the upgrade.
        try (WsClient annWs = WsClient.connect(platform.heraldWs(0, "/ws", null), Map.of("Authorization", "Bearer " + api.socketToken(ann)));
             WsClient benWs = WsClient.connect(platform.heraldWs(platform.realtimeInstances() - 1, "/ws", api.socketToken(ben)))) {
            annWs.awaitConnected(WAIT);
            benWs.awaitConnected(WAIT);
            ObjectNode event = Events.jobCreated(UUID.randomUUID().toString());
            HttpJson.Response r = HttpJson.post(platform.realtime().httpUrl() + "/api/broadcast",
                    Map.of("channels", List.of(ann.exportsChannel(), ben.exportsChannel()), "data", event),
                    Map.of("X-API-Key", platform.serverKey()));
            assertEquals(200, r.status(), r::raw);
            List<Long> offsets = new ArrayList<>();
            r.body().findValues("offset").forEach(o -> offsets.add(o.asLong()));
            assertEquals(2, offsets.size(), r::raw);
            JsonNode atAnn = annWs.awaitEvents(ann.exportsChannel(), 1, WAIT).get(0);
            JsonNode atBen = benWs.awaitEvents(ben.exportsChannel(), 1, WAIT).get(0);
            assertEquals(event, Json.withoutDeliveryFields(atAnn));
            assertEquals(event, Json.withoutDeliveryFields(atBen));
            assertEquals(List.of(atAnn.path("offset").asLong(), atBen.path("offset").asLong()).stream().sorted().toList(),
                    offsets.stream().sorted().toList(), "the broadcast answer names each channel's offset");
        }
    }

    private void followJob(int connectTo, BiFunction<String, ObjectNode, Long> publish) {
        User user = api.createUser("acme-" + UUID.randomUUID().toString().substring(0, 8));
        assertTrue(user.apiKey().length() >= 16, "admin API returns the user's API key once: " + user);
        String token = api.socketToken(user);
        JsonNode claims = ForgedTokens.claimsOf(token);
        assertEquals("herald", claims.path("iss").asText(), claims::toString);
        assertEquals(user.uuid(), claims.path("sub").asText(), claims::toString);
        assertEquals(user.tenant(), claims.path("tenant").asText(), claims::toString);
        assertEquals(15 * 60, claims.path("exp").asLong() - claims.path("iat").asLong(), () -> "15 min by default: " + claims);
        assertTrue(claims.hasNonNull("jti") && claims.path("channels").isArray(), claims::toString);
        assertEquals("ES256", ForgedTokens.headerOf(token).path("alg").asText());

        try (WsClient ws = WsClient.connect(platform.heraldWs(connectTo, "/ws", token))) {
            JsonNode connected = ws.awaitConnected(WAIT);
            assertEquals("WebSocket connection established", connected.path("message").asText(), connected::toString);
            assertEquals(user.uuid(), connected.path("userId").asText(), connected::toString);
            List<String> channels = new ArrayList<>();
            connected.path("channels").forEach(c -> channels.add(c.asText()));
            assertTrue(channels.contains(user.exportsChannel()), () -> "personal channels subscribed on connect: " + connected);
            assertTrue(channels.contains(user.webhooksChannel()), () -> "personal channels subscribed on connect: " + connected);

            String channel = user.exportsChannel();
            String guid = UUID.randomUUID().toString();
            Published published = new Published();
            List<ObjectNode> job = new ArrayList<>();
            job.add(Events.jobCreated(guid));
            for (int current = 300; current <= 1200; current += 300) {
                job.add(Events.jobProgress(guid, current, 1500));
            }
            job.add(Events.jobFinished(guid, 1500));
            for (ObjectNode event : job) {
                published.add(channel, publish.apply(channel, event), event);
            }

            List<Long> offsets = published.offsets(channel);
            ws.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == offsets.get(offsets.size() - 1), WAIT);
            List<JsonNode> delivered = ws.events(channel);
            published.assertFaithfulSubsequence(channel, delivered, () -> "received " + delivered + "\n" + platform.logTails());

            List<String> types = delivered.stream().map(f -> f.path("event").asText()).toList();
            assertEquals("job.created", types.get(0), types::toString);
            assertEquals(offsets.get(0), delivered.get(0).path("offset").asLong());
            assertEquals("job.progress", types.get(1), () -> "the first progress of a job is never held back (P0): " + types);
            assertEquals(offsets.get(1), delivered.get(1).path("offset").asLong());
            assertEquals("job.finished", types.get(types.size() - 1), types::toString);
            assertEquals("https://exports.example/download/export-" + guid.substring(0, 8) + ".xlsx",
                    delivered.get(delivered.size() - 1).path("details").path("download_link").asText());
        }
    }
}
