package io.herald.realtime.transport.centrifugo;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Centrifugo protocol recovery over real sockets and the local NATS: after a realtime-service restart on the same
 * stream (nothing lost, exactly the missed publications, in order), and the all-or-nothing answers (another epoch,
 * a gap over the maximum count → not recovered, no publications, the current position).
 */
class CentrifugoRecoveryIT {

    static final JsonMapper JSON = JsonMapper.createDefault();

    static String exportEvent(String event, String guid) {
        return "{\"version\":\"v3-beta\",\"event\":\"" + event + "\",\"guid\":\"" + guid
            + "\",\"status\":\"running\",\"url\":null,\"details\":null}";
    }

    static JsonNode next(WsClient client) throws Exception {
        String frame = client.frames.poll(20, TimeUnit.SECONDS);
        assertThat(frame).as("no frame within 20 s").isNotNull();
        return JSON.readValue(frame, JsonNode.class);
    }

    static JsonNode connect(WsClient client, String token, String subs) throws Exception {
        client.send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"" + (subs == null ? "" : ",\"subs\":" + subs) + "}}");
        JsonNode reply = next(client);
        assertThat(reply.get("connect")).as(reply.toString()).isNotNull();
        return reply.get("connect");
    }

    static long publish(RealtimeServer via, String run, String channel, String json) throws Exception {
        return via.nats.jetStream().publish("herald_cf_" + run + ".ch." + channel,
            json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).getSeqno();
    }

    @Test
    void clientRecoversEverythingPublishedWhileTheServerRestarted() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> sameStream = Map.of("herald.realtime.stream", "HERALD_CF_" + run,
            "herald.realtime.subject-prefix", "herald_cf_" + run, "herald.realtime.throttle.window", "1s");
        String user = UUID.randomUUID().toString();
        String channel = "exports:" + user;
        try (TestKeys keys = new TestKeys()) {
            String token = keys.token(user, "acme", List.of(), Duration.ofMinutes(5));
            RealtimeServer first = RealtimeServer.start(keys, sameStream);
            long seen;
            String epoch;
            try (WsClient client = WsClient.connect(first.ws("/connection/websocket", null))) {
                JsonNode sub = connect(client, token, null).get("subs").get(channel);
                epoch = sub.get("epoch").getStringValue();
                publish(first, run, channel, exportEvent("job.created", "g-1"));
                JsonNode pub = next(client).get("push").get("pub");
                seen = pub.get("offset").getLongValue();
            }
            first.server.close(); // the stream stays: a restart, not a reset
            List<Long> missed = new ArrayList<>();
            missed.add(publish(first, run, channel, exportEvent("job.requeued", "g-1")));
            missed.add(publish(first, run, channel, exportEvent("job.finished", "g-1")));
            publish(first, run, "exports:" + UUID.randomUUID(), exportEvent("job.created", "other")); // another user's
            missed.add(publish(first, run, channel, exportEvent("job.created", "g-2")));
            RealtimeServer second = RealtimeServer.start(keys, sameStream);
            try (WsClient client = WsClient.connect(second.ws("/connection/websocket", null))) {
                JsonNode sub = connect(client, token, "{\"" + channel + "\":{\"recover\":true,\"offset\":" + seen
                    + ",\"epoch\":\"" + epoch + "\"}}").get("subs").get(channel);
                assertThat(sub.get("was_recovering").getBooleanValue()).isTrue();
                assertThat(sub.get("recovered").getBooleanValue()).isTrue();
                assertThat(sub.get("epoch").getStringValue()).isEqualTo(epoch);
                List<Long> offsets = new ArrayList<>();
                for (JsonNode pub : sub.get("publications").values()) {
                    offsets.add(pub.get("offset").getLongValue());
                }
                assertThat(offsets).isEqualTo(missed);
                assertThat(sub.get("publications").get(1).get("data").get("event").getStringValue()).isEqualTo("job.finished");
                // then live, exactly once
                long live = publish(second, run, channel, exportEvent("job.failed", "g-2"));
                assertThat(next(client).get("push").get("pub").get("offset").getLongValue()).isEqualTo(live);

                // another epoch: not recovered, no publications, the current position (all or nothing)
                client.send("{\"id\":2,\"subscribe\":{\"channel\":\"order_changes\",\"recover\":true,\"offset\":1,\"epoch\":\"old\"}}");
                JsonNode other = next(client).get("subscribe");
                assertThat(other.get("was_recovering").getBooleanValue()).isTrue();
                assertThat(other.get("recovered")).isNull();
                assertThat(other.get("publications")).isNull();
                assertThat(other.get("epoch").getStringValue()).isEqualTo(epoch);
            }
            second.close();
            first.nats.jetStreamManagement().deleteStream("HERALD_CF_" + run);
            first.nats.close();
        }
    }

    @Test
    void aGapLongerThanTheMaximumCountIsNotRecovered() throws Exception {
        try (TestKeys keys = new TestKeys();
             RealtimeServer rt = RealtimeServer.start(keys, Map.of("herald.realtime.limits.history-max-count", "3"))) {
            String user = UUID.randomUUID().toString();
            String channel = "exports:" + user;
            String token = keys.token(user, "acme", List.of(), Duration.ofMinutes(5));
            long since = rt.publish(channel, exportEvent("job.created", "g-0"));
            for (int i = 1; i <= 4; i++) {
                rt.publish(channel, exportEvent("job.created", "g-" + i));
            }
            long latest = rt.publish(channel, exportEvent("job.created", "g-5"));
            try (WsClient client = WsClient.connect(rt.ws("/connection/websocket", null))) {
                JsonNode sub = connect(client, token, "{\"" + channel + "\":{\"recover\":true,\"offset\":" + since
                    + ",\"epoch\":\"" + rt.server.getApplicationContext().getBean(io.herald.bus.EventBus.class).epoch()
                    + "\"}}").get("subs").get(channel);
                assertThat(sub.get("was_recovering").getBooleanValue()).isTrue();
                assertThat(sub.get("recovered")).isNull();
                assertThat(sub.get("publications")).isNull();
                assertThat(sub.get("offset").getLongValue()).isEqualTo(latest);
            }
        }
    }

    @Test
    void oversizedFrameClosesWith1009AndGarbageWith3501() throws Exception {
        try (TestKeys keys = new TestKeys();
             RealtimeServer rt = RealtimeServer.start(keys, Map.of("herald.realtime.limits.max-frame-bytes", "1024"))) {
            try (WsClient client = WsClient.connect(rt.ws("/connection/websocket", null))) {
                client.send("{\"id\":1,\"connect\":{\"token\":\"" + "x".repeat(2000) + "\"}}");
                assertThat(client.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1009);
            }
            try (WsClient client = WsClient.connect(rt.ws("/connection/websocket", null))) {
                client.send("{\"id\":1,\"connect\":{\"token\":\"not-a-jwt\"}}");
                assertThat(client.closed.get(20, TimeUnit.SECONDS)).isEqualTo(3500);
            }
            try (WsClient client = WsClient.connect(rt.ws("/connection/websocket", null))) {
                client.send("not json");
                assertThat(client.closed.get(20, TimeUnit.SECONDS)).isEqualTo(3501);
            }
        }
    }
}
