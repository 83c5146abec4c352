package io.herald.realtime.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code "snapshot": true} on a Herald-protocol subscribe against the local NATS: the channel's state first, marked,
 * then live events with no gap, no duplicate and no progress older than the state shown.
 */
class SnapshotIT {

    static final JsonMapper JSON = JsonMapper.createDefault();
    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of("herald.realtime.throttle.window", "3s"));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String frame) throws Exception {
        return JSON.readValue(frame, Map.class);
    }

    static long offset(Map<String, Object> frame) {
        return ((Number) frame.get("offset")).longValue();
    }

    static String job(String type, String jobId, int progress) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"job_id\":\"" + jobId + "\",\"progress\":" + progress
            + "},\"timestamp\":\"2026-01-25T10:30:15Z\"}";
    }

    static WsClient subscribeWithSnapshot(String token, String channel) throws Exception {
        WsClient client = connect(token);
        subscribe(client, channel);
        return client;
    }

    static WsClient connect(String token) throws Exception {
        WsClient client = WsClient.connect(rt.ws("/ws", token));
        client.next(); // connected
        return client;
    }

    static void subscribe(WsClient client, String channel) {
        client.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"snapshot\":true}");
    }

    @Test
    void aSubscriberArriving6sAfterA40PercentProgressGetsItAtOnce() throws Exception {
        String jobId = UUID.randomUUID().toString();
        String channel = "job:" + jobId;
        String token = keys.token(UUID.randomUUID().toString(), "acme", List.of("job:*"), Duration.ofMinutes(5));
        String done = UUID.randomUUID().toString();
        long finished = rt.publish("job:" + jobId, job("job.progress", done, 100)); // another job on the channel…
        rt.publish(channel, job("job.completed", done, 100));                     // …finished: its terminal event shows
        long forty = rt.publish(channel, job("job.progress", jobId, 40));
        long publishedAt = System.currentTimeMillis();
        Awaitility.await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10))
            .until(() -> System.currentTimeMillis() - publishedAt >= 6_000);
        try (WsClient client = subscribeWithSnapshot(token, channel)) {
            Map<String, Object> subscribed = parse(client.nextContaining("subscribed"));
            assertThat(subscribed).containsEntry("channel", channel).containsEntry("recovered", true);
            assertThat(offset(subscribed)).isEqualTo(forty);
            Map<String, Object> terminal = parse(client.next());
            assertThat(terminal).containsEntry("type", "job.completed").containsEntry("snapshot", true);
            assertThat(offset(terminal)).isEqualTo(finished + 1);
            Map<String, Object> progress = parse(client.next());
            assertThat(progress).containsEntry("type", "job.progress").containsEntry("snapshot", true)
                .containsEntry("channel", channel);
            assertThat(offset(progress)).isEqualTo(forty);
            assertThat(((Map<?, ?>) progress.get("payload")).get("progress")).isEqualTo(40);
            // then live, unmarked
            long fifty = rt.publish(channel, job("job.progress", jobId, 50));
            Map<String, Object> live = parse(client.next());
            assertThat(offset(live)).isEqualTo(fifty);
            assertThat(live).doesNotContainKey("snapshot");
            assertThat(client.frames.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void withTheThrottleTheSnapshotShowsTheLastDeliveredProgressThenTheTrailingOneAndNothingAfterTheTerminal() throws Exception {
        String jobId = UUID.randomUUID().toString();
        String channel = "job:" + jobId;
        String token = keys.token(UUID.randomUUID().toString(), "acme", List.of(channel), Duration.ofMinutes(5));
        try (WsClient client = connect(token)) {
            long p10 = rt.publish(channel, job("job.progress", jobId, 10)); // delivered at once (leading edge)
            rt.publish(channel, job("job.progress", jobId, 20));             // held, then superseded
            long p30 = rt.publish(channel, job("job.progress", jobId, 30)); // held: released when the window closes
            subscribe(client, channel);
            client.nextContaining("subscribed");
            Map<String, Object> state = parse(client.next());
            assertThat(state).containsEntry("snapshot", true);
            assertThat(offset(state)).isEqualTo(p10);
            Map<String, Object> trailing = parse(client.next());
            assertThat(offset(trailing)).isEqualTo(p30);
            assertThat(trailing).doesNotContainKey("snapshot");
            long completed = rt.publish(channel, job("job.completed", jobId, 100));
            rt.publish(channel, job("job.progress", jobId, 99)); // after the terminal event: never delivered
            assertThat(offset(parse(client.next()))).isEqualTo(completed);
        }
        try (WsClient late = subscribeWithSnapshot(token, channel)) {
            late.nextContaining("subscribed");
            Map<String, Object> state = parse(late.next());
            assertThat(state).containsEntry("type", "job.completed").containsEntry("snapshot", true);
            assertThat(late.frames.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aChannelWithoutJobsShowsItsLatestEventUnderTheNameTheClientWrote() throws Exception {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        String token = keys.token(UUID.randomUUID().toString(), tenant, List.of(), Duration.ofMinutes(5));
        String order = "{\"event\":\"order:updated\",\"data\":{\"id\":%d,\"changed_fields\":{\"status\":\"paid\"}},"
            + "\"timestamp\":\"2026-01-25T10:30:00.000Z\"}";
        rt.publish("order_changes@" + tenant, order.formatted(1));
        long latest = rt.publish("order_changes@" + tenant, order.formatted(2));
        try (WsClient client = subscribeWithSnapshot(token, "order_changes")) {
            assertThat(offset(parse(client.nextContaining("subscribed")))).isEqualTo(latest);
            Map<String, Object> state = parse(client.next());
            assertThat(state).containsEntry("snapshot", true).containsEntry("channel", "order_changes");
            assertThat(offset(state)).isEqualTo(latest);
            client.send("{\"type\":\"subscribe\",\"channel\":\"order_changes@" + tenant + "\",\"snapshot\":\"yes\"}");
            assertThat(parse(client.next())).containsEntry("type", "error").containsEntry("code", "bad_snapshot");
        }
    }
}
