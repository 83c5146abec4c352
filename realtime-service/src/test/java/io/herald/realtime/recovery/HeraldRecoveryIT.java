package io.herald.realtime.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Herald JSON protocol recovery ({@code "since"} on subscribe) against the local NATS: the recovered sequence is the
 * live, throttled one (P0 + trailing P2, warm-up before the client's offset included), and a gap over
 * {@code herald.realtime.limits.history-max-count} is answered {@code "recovered": false} with no events.
 */
class HeraldRecoveryIT {

    static final JsonMapper JSON = JsonMapper.createDefault();
    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of("herald.realtime.throttle.window", "1s",
            "herald.realtime.limits.history-max-count", "10"));
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

    static long offset(String frame) throws Exception {
        return ((Number) parse(frame).get("offset")).longValue();
    }

    @Test
    void recoveredSequenceIsTheLiveThrottledSequence() throws Exception {
        String user = UUID.randomUUID().toString();
        String channel = "job:" + UUID.randomUUID();
        String token = keys.token(user, "acme", List.of("job:*"), Duration.ofMinutes(5));
        try (WsClient live = WsClient.connect(rt.ws("/ws", token))) {
            live.next(); // connected
            live.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            live.nextContaining("subscribed");
            String job = channel.substring(4);
            long p1 = rt.publish(channel, jobEvent("job.progress", job, 1));
            rt.publish(channel, jobEvent("job.progress", job, 2));
            rt.publish(channel, jobEvent("job.progress", job, 3));
            long p4 = rt.publish(channel, jobEvent("job.progress", job, 4));
            List<Long> seen = new ArrayList<>();
            seen.add(offset(live.next()));
            seen.add(offset(live.next())); // the trailing progress, at the window's end (P2)
            long done = rt.publish(channel, jobEvent("job.completed", job, 5));
            seen.add(offset(live.next()));
            assertThat(seen).containsExactly(p1, p4, done);

            // a client that was away from before the burst recovers exactly what the live client got
            try (WsClient late = WsClient.connect(rt.ws("/ws", token))) {
                late.next();
                late.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":" + (p1 - 1) + "}");
                Map<String, Object> subscribed = parse(late.nextContaining("subscribed"));
                assertThat(subscribed).containsEntry("recovered", true).containsEntry("channel", channel);
                List<Long> recovered = List.of(offset(late.next()), offset(late.next()), offset(late.next()));
                assertThat(recovered).isEqualTo(seen);
                late.send("{\"type\":\"ping\"}");
                assertThat(late.next()).as("nothing else was recovered").contains("pong");
            }
        }
    }

    static String jobEvent(String type, String jobId, int n) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"job_id\":\"" + jobId + "\",\"progress\":" + n * 10 + ",\"n\":" + n
            + "},\"timestamp\":\"2026-01-25T10:30:15Z\"}";
    }

    @Test
    void sinceReplaysThrottledWithWarmupAndReportsIncompleteRecovery() throws Exception {
        String user = UUID.randomUUID().toString();
        String tenant = "t-" + user.substring(0, 8);
        String channel = "workbook:" + tenant + ":wb1";
        String token = keys.token(user, tenant, List.of(), Duration.ofMinutes(5));
        // a workbook progress burst: a connected client sees w1 (P0), w4 (P2 at the window's end), then completed
        long w1;
        long w4;
        long done;
        try (WsClient live = WsClient.connect(rt.ws("/ws/workbooks/wb1", token))) {
            live.next();
            w1 = rt.publish(channel, workbook("workbook.processing_progress", 1));
            rt.publish(channel, workbook("workbook.processing_progress", 2));
            rt.publish(channel, workbook("workbook.processing_progress", 3));
            w4 = rt.publish(channel, workbook("workbook.processing_progress", 4));
            assertThat(offset(live.next())).isEqualTo(w1);
            assertThat(offset(live.next())).isEqualTo(w4);
            done = rt.publish(channel, workbook("workbook.processing_completed", 5));
            assertThat(offset(live.next())).isEqualTo(done);
        }
        try (WsClient client = WsClient.connect(rt.ws("/ws", token))) {
            client.next();
            // the client saw w1 (it opened the window): the warm-up must keep w2, w3 held, so only w4 follows
            client.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":" + w1 + "}");
            Map<String, Object> subscribed = parse(client.nextContaining("subscribed"));
            assertThat(subscribed).containsEntry("recovered", true).containsEntry("channel", channel);
            assertThat(((Number) subscribed.get("offset")).longValue()).isEqualTo(done);
            assertThat(offset(client.next())).isEqualTo(w4);
            assertThat(offset(client.next())).isEqualTo(done);
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next()).as("nothing else was recovered").contains("pong");
        }
        // more than history-max-count (10) events after the offset: all or nothing
        for (int i = 0; i < 11; i++) {
            rt.publish(channel, workbook("workbook.status_changed", i));
        }
        try (WsClient client = WsClient.connect(rt.ws("/ws", token))) {
            client.next();
            client.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":" + done + "}");
            Map<String, Object> subscribed = parse(client.nextContaining("subscribed"));
            assertThat(subscribed).containsEntry("recovered", false);
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next()).as("no partial replay").contains("pong");
        }
    }

    static String workbook(String type, int n) {
        return "{\"type\":\"" + type + "\",\"payload\":{\"workbook_id\":\"wb1\",\"progress\":" + n * 10 + ",\"n\":" + n
            + "},\"timestamp\":\"2026-01-25T10:30:15Z\"}";
    }
}
