package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.Published;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A user watches a job from two tabs; one tab sleeps through a burst of progress and then recovers with its
 * last offset. The recovered history is thinned exactly like the live stream the other tab saw (the throttle rule for recovered progress:
 * "a client recovering history sees the same sequence"), not the raw burst.
 */
class RecoveredProgressIsThrottledIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PROGRESS = 40; // every 50 ms for 2 s: two windows on the shared platform

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);

    @Test
    void recoveredHistoryIsThrottledLikeTheLiveStream() throws Exception {
        User user = api.createUser("rec-" + UUID.randomUUID().toString().substring(0, 8));
        String jobId = "job_" + UUID.randomUUID().toString().substring(0, 12);
        String channel = "job:" + jobId;
        String token = api.grantedToken(user, List.of(channel), "PT10M");
        Published published = new Published();
        try (NatsPublisher nats = new NatsPublisher(platform);
             WsClient live = WsClient.connect(platform.heraldWs(0, "/ws", token))) {
            live.awaitConnected(WAIT);
            live.subscribe(channel, null, WAIT);
            long started;
            try (WsClient sleepy = WsClient.connect(platform.heraldWs(0, "/ws", token))) {
                sleepy.awaitConnected(WAIT);
                sleepy.subscribe(channel, null, WAIT);
                started = publish(nats, published, channel, Events.jobTyped("job.started", jobId, null));
                sleepy.awaitEvents(channel, 1, WAIT);
            }
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger tick = new AtomicInteger();
            ticker.scheduleAtFixedRate(() -> {
                int t = tick.incrementAndGet();
                if (t <= PROGRESS) {
                    publish(nats, published, channel, Events.jobTyped("job.progress", jobId, t * 100 / PROGRESS));
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            Awaitility.await().atMost(WAIT).until(() -> tick.get() > PROGRESS);
            ticker.shutdown();
            assertTrue(ticker.awaitTermination(10, TimeUnit.SECONDS));
            long completed = publish(nats, published, channel, Events.jobTyped("job.completed", jobId, null));
            live.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == completed, WAIT);
            List<Long> liveOffsets = live.events(channel).stream().map(f -> f.path("offset").asLong()).toList();
            assertTrue(liveOffsets.size() < PROGRESS / 2, () -> "the live tab saw thinned progress: " + liveOffsets);

            try (WsClient back = WsClient.connect(platform.heraldWs(0, "/ws", token))) {
                back.awaitConnected(WAIT);
                back.subscribe(channel, started, WAIT);
                back.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == completed, WAIT);
                List<JsonNode> recovered = back.events(channel);
                published.assertFaithfulSubsequence(channel, recovered, platform::logTails);
                assertEquals(liveOffsets.stream().filter(o -> o > started).toList(),
                        recovered.stream().map(f -> f.path("offset").asLong()).toList(),
                        "recovery replays the same thinned sequence the live tab saw (P5)");
            }
        }
    }

    private static long publish(NatsPublisher nats, Published published, String channel, ObjectNode event) {
        long offset = nats.publish(channel, event);
        published.add(channel, offset, event);
        return offset;
    }
}
