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
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An analyst keeps a workbook open while its sheets are updated. Her laptop drops off the network, updates
 * keep coming, and when she is back her client resubscribes with the last offset it saw ({@code since}) and
 * receives exactly the updates it missed, in order, then live ones. Later the realtime-service dies (SIGKILL,
 * no goodbye) while updates keep being published to NATS; once it is back, she recovers again with nothing
 * lost and nothing twice. After a longer absence than the recovery limit covers, she is told that recovery
 * was incomplete. The official {@code centrifuge} JS SDK on her personal export channel recovers the same way
 * (its own offset/epoch recovery on reconnect).
 *
 * <p>Runs on a dedicated platform (without webhook-audit) because it kills the realtime-service.
 */
class RecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Most events one recovery replays on this platform ({@code herald.realtime.limits.history-max-count}). */
    private static final int HISTORY_MAX_COUNT = 20;

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.start(1, false, Map.of("HERALD_THROTTLE_WINDOW", "PT1S",
                "HERALD_REALTIME_LIMITS_HISTORY_MAX_COUNT", Integer.toString(HISTORY_MAX_COUNT)));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aClientRecoversWhatItMissedAfterADropAndAfterAServerCrash() {
        HeraldApi api = new HeraldApi(platform);
        String tenant = "fin" + UUID.randomUUID().toString().substring(0, 8);
        User analyst = api.createUser(tenant);
        String workbook = UUID.randomUUID().toString();
        String channel = "workbook:" + tenant + ":" + workbook;
        Published published = new Published();

        try (NatsPublisher nats = new NatsPublisher(platform)) {
            long lastSeen;
            try (WsClient ws = connect(api, analyst, channel, null)) {
                publish(nats, published, channel, workbook, 1, 3);
                List<JsonNode> live = ws.awaitEvents(channel, 3, WAIT);
                published.assertFaithfulSubsequence(channel, live, platform::logTails);
                assertEquals(published.offsets(channel), offsets(live));
                lastSeen = last(offsets(live));
            }
            // Offline: five updates are published meanwhile.
            publish(nats, published, channel, workbook, 4, 8);

            try (WsClient ws = connect(api, analyst, channel, lastSeen)) {
                List<JsonNode> recovered = ws.awaitEvents(channel, 5, WAIT);
                publish(nats, published, channel, workbook, 9, 9);
                List<JsonNode> all = ws.awaitEvents(channel, 6, WAIT);
                published.assertFaithfulSubsequence(channel, all, platform::logTails);
                assertEquals(after(published.offsets(channel), lastSeen), offsets(all),
                        () -> "exactly the missed updates, then the live one; recovered " + recovered);
                lastSeen = last(offsets(all));

                // The realtime-service is killed: the connection drops without a close handshake.
                platform.realtime().kill();
                int code = ws.awaitClose(WAIT);
                assertTrue(code != 1000 && code != 1001, "a killed server cannot say goodbye, got " + code);
            }
            publish(nats, published, channel, workbook, 10, 14);
            platform.realtime().start();

            try (WsClient ws = connect(api, analyst, channel, lastSeen)) {
                List<JsonNode> recovered = ws.awaitEvents(channel, 5, WAIT);
                publish(nats, published, channel, workbook, 15, 15);
                List<JsonNode> all = ws.awaitEvents(channel, 6, WAIT);
                published.assertFaithfulSubsequence(channel, all, platform::logTails);
                assertEquals(after(published.offsets(channel), lastSeen), offsets(all),
                        () -> "after the restart: exactly the missed updates, then the live one; recovered " + recovered
                                + "\n" + platform.logTails());
            }

            // A fresh client without an offset gets only live events (no replay of history).
            long lastLive;
            try (WsClient fresh = connect(api, analyst, channel, null)) {
                lastLive = publish(nats, published, channel, workbook, 16, 16);
                List<JsonNode> seen = fresh.awaitEvents(channel, 1, WAIT);
                assertEquals(List.of(lastLive), offsets(seen));
                JsonNode subscribed = fresh.received(WsClient.field("type", "subscribed")).get(0);
                assertTrue(!subscribed.path("recovered").asBoolean(), () -> "a subscribe without since recovers nothing: " + subscribed);
            }

            // Away for longer than history reaches: the client is told recovery was incomplete, never silently.
            publish(nats, published, channel, workbook, 19, 19 + HISTORY_MAX_COUNT + 4);
            try (WsClient ws = connect(api, analyst, channel, lastLive)) {
                JsonNode subscribed = ws.await(WsClient.field("type", "subscribed"), WAIT);
                assertTrue(subscribed.has("recovered") && !subscribed.path("recovered").asBoolean(),
                        () -> "incomplete recovery must be reported: " + subscribed);
                List<JsonNode> replayed = ws.events(channel);
                assertTrue(replayed.size() <= HISTORY_MAX_COUNT, () -> replayed.size() + " events replayed, at most " + HISTORY_MAX_COUNT);
                published.assertFaithfulSubsequence(channel, replayed, platform::logTails);
            }
        }
    }

    @Test
    void theCentrifugeSdkRecoversItsPersonalChannelAfterADropAndAfterAServerCrash() {
        HeraldApi api = new HeraldApi(platform);
        User user = api.createUser("sdk" + UUID.randomUUID().toString().substring(0, 8));
        String channel = user.exportsChannel();
        String guid = UUID.randomUUID().toString();
        Published published = new Published();
        try (NatsPublisher nats = new NatsPublisher(platform);
             CentrifugeJsClient sdk = CentrifugeJsClient.start(platform, user.apiKey(), Map.of())) {
            sdk.await(e -> "subscribed".equals(e.path("kind").asText()) && channel.equals(e.path("channel").asText()), WAIT);
            publishJob(nats, published, channel, Events.jobCreated(guid));
            publishJob(nats, published, channel, Events.jobRequeued(guid));
            awaitPublications(sdk, channel, published);

            // The client drops (the SDK's own disconnect), misses three events, and reconnects.
            sdk.command(Map.of("cmd", "disconnect"));
            sdk.await(e -> "disconnected".equals(e.path("kind").asText()), WAIT);
            publishJob(nats, published, channel, Events.jobRequeued(guid));
            publishJob(nats, published, channel, Events.jobRequeued(guid));
            publishJob(nats, published, channel, Events.jobRequeued(guid));
            sdk.command(Map.of("cmd", "connect"));
            awaitPublications(sdk, channel, published);

            // The server is killed; the SDK reconnects by itself once it is back and recovers what it missed.
            platform.realtime().kill();
            publishJob(nats, published, channel, Events.jobRequeued(guid));
            publishJob(nats, published, channel, Events.jobFinished(guid, 10));
            platform.realtime().start();
            awaitPublications(sdk, channel, published);
            assertTrue(sdk.events("subscribed").stream().anyMatch(e -> channel.equals(e.path("channel").asText())
                    && e.path("recovered").asBoolean()), () -> "the SDK reports a recovered subscription: " + sdk.events("subscribed"));
        }
    }

    /** Waits until the SDK has printed every publication of {@code channel}, then checks: each exactly once, in order. */
    private static void awaitPublications(CentrifugeJsClient sdk, String channel, Published published) {
        List<Long> expected = published.offsets(channel);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sdkOffsets(sdk, channel).containsAll(expected));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("SDK publications " + sdkOffsets(sdk, channel) + ", expected " + expected + "; SDK events "
                    + sdk.events() + "\n" + platform.logTails(), e);
        }
        assertEquals(expected, sdkOffsets(sdk, channel), "every event exactly once, in stream order");
        for (JsonNode p : sdk.events("publication")) {
            assertEquals(published.at(p.path("offset").asLong()), p.path("data"), p::toString);
        }
    }

    private static List<Long> sdkOffsets(CentrifugeJsClient sdk, String channel) {
        return sdk.events("publication").stream().filter(p -> channel.equals(p.path("channel").asText()))
                .map(p -> p.path("offset").asLong()).toList();
    }

    private static void publishJob(NatsPublisher nats, Published published, String channel, ObjectNode event) {
        published.add(channel, nats.publish(channel, event), event);
    }

    private WsClient connect(HeraldApi api, User user, String channel, Long since) {
        WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", api.socketToken(user)));
        ws.awaitConnected(WAIT);
        ws.subscribe(channel, since, WAIT);
        return ws;
    }

    /** Publishes sheet updates {@code from..to} (inclusive); returns the last offset. */
    private static long publish(NatsPublisher nats, Published published, String channel, String workbook, int from, int to) {
        long offset = -1;
        for (int seq = from; seq <= to; seq++) {
            ObjectNode update = Events.sheetDataUpdated(workbook, seq);
            offset = nats.publish(channel, update);
            published.add(channel, offset, update);
        }
        return offset;
    }

    private static List<Long> offsets(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("offset").asLong()).toList();
    }

    private static List<Long> after(List<Long> offsets, long exclusive) {
        return offsets.stream().filter(o -> o > exclusive).toList();
    }

    private static long last(List<Long> offsets) {
        return offsets.get(offsets.size() - 1);
    }
}
