package io.herald.realtime.transport.herald;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Herald protocol connection's life beyond one token: in-band refresh, the expiry notice, closing only a connection
 * that did not refresh, the configured authentication-failure close code, {@code uid} as {@code connected.userId}, and
 * replies in request order.
 */
class HeraldSessionIT {

    static final JsonMapper JSON = JsonMapper.createDefault();
    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of(
            "herald.realtime.herald.token-expiring-notice", "3s",
            "herald.realtime.herald.jobs-auth-failure-code", "1008",
            "herald.realtime.limits.sweep-interval", "200ms"));
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

    static String user() {
        return UUID.randomUUID().toString();
    }

    static String exportEvent(String guid) {
        return "{\"version\":\"v3-beta\",\"event\":\"job.created\",\"guid\":\"" + guid
            + "\",\"status\":\"running\",\"url\":null,\"details\":null}";
    }

    @Test
    void refreshedConnectionOutlivesItsFirstTokenAndKeepsReceiving() throws Exception {
        String user = user();
        String shortToken = keys.token(user, "acme", List.of(), Duration.ofSeconds(5));
        try (WsClient client = WsClient.connect(rt.ws("/ws", shortToken))) {
            client.nextContaining("\"connected\"");
            Map<String, Object> expiring = parse(client.nextContaining("\"token_expiring\""));
            long firstExpiry = ((Number) expiring.get("expires")).longValue();
            assertThat(firstExpiry).isBetween(Instant.now().getEpochSecond(), Instant.now().getEpochSecond() + 5);
            client.send("{\"type\":\"refresh\",\"token\":\"" + keys.token(user, "acme", List.of(), Duration.ofMinutes(5)) + "\"}");
            Map<String, Object> refreshed = parse(client.nextContaining("\"refreshed\""));
            assertThat(((Number) refreshed.get("expires")).longValue()).isGreaterThan(firstExpiry + 200);
            // well past the first token's expiry (and the sweep): still open and receiving
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> Instant.now().getEpochSecond() > firstExpiry + 2);
            assertThat(client.closed).isNotDone();
            String guid = UUID.randomUUID().toString();
            rt.publish("exports:" + user, exportEvent(guid));
            assertThat(client.nextContaining(guid)).contains("\"offset\"");
        }
    }

    @Test
    void refreshWithAnotherUsersTokenIsRefusedAndTheUnrefreshedConnectionClosesWith4001() throws Exception {
        String user = user();
        try (WsClient client = WsClient.connect(rt.ws("/ws", keys.token(user, "acme", List.of(), Duration.ofSeconds(4))))) {
            client.nextContaining("\"connected\"");
            client.send("{\"type\":\"refresh\",\"token\":\"" + keys.token(user(), "acme", List.of(), Duration.ofMinutes(5)) + "\"}");
            assertThat(parse(client.nextContaining("\"error\""))).containsEntry("code", "invalid_token");
            client.send("{\"type\":\"refresh\",\"token\":\"not-a-jwt\"}");
            assertThat(parse(client.nextContaining("\"error\""))).containsEntry("code", "invalid_token");
            assertThat(client.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void authFailureCloseCodeIsConfiguredPerEndpoint() {
        try (WsClient jobs = WsClient.connect(rt.ws("/ws/jobs/42", "bad-token"));
             WsClient ws = WsClient.connect(rt.ws("/ws", "bad-token"))) {
            assertThat(jobs.closeCode()).isEqualTo(1008);
            assertThat(ws.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void uidClaimIsEchoedAsUserIdWithItsJsonType() throws Exception {
        String user = user();
        try (WsClient numeric = WsClient.connect(rt.ws("/ws",
                keys.token(user, "acme", List.of(), Duration.ofMinutes(5), Map.of("uid", 42))));
             WsClient text = WsClient.connect(rt.ws("/ws",
                keys.token(user, "acme", List.of(), Duration.ofMinutes(5), Map.of("uid", "cust-7"))));
             WsClient none = WsClient.connect(rt.ws("/ws", keys.token(user, "acme", List.of(), Duration.ofMinutes(5))))) {
            assertThat(numeric.nextContaining("\"connected\"")).contains("\"userId\":42");
            assertThat(text.nextContaining("\"connected\"")).contains("\"userId\":\"cust-7\"");
            assertThat(none.nextContaining("\"connected\"")).contains("\"userId\":\"" + user + "\"");
        }
    }

    @Test
    void subscribeWithRecoveryThenUnsubscribeEndsUnsubscribed() throws Exception {
        String user = user();
        String channel = "exports:" + user;
        for (int i = 0; i < 300; i++) {
            rt.publish(channel, exportEvent("g" + i));
        }
        try (WsClient client = WsClient.connect(rt.ws("/ws", keys.token(user, "acme", List.of(), Duration.ofMinutes(5))))) {
            client.nextContaining("\"connected\"");
            client.send("{\"type\":\"unsubscribe\",\"channel\":\"" + channel + "\"}");
            client.nextContaining("\"unsubscribed\"");
            client.sendAsync("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"since\":0}");
            client.sendAsync("{\"type\":\"unsubscribe\",\"channel\":\"" + channel + "\"}");
            client.send("{\"type\":\"ping\"}");
            List<String> types = new ArrayList<>();
            int events = 0;
            while (true) {
                Map<String, Object> frame = parse(client.next());
                Object type = frame.get("type");
                if (type == null) {
                    events++;
                    assertThat(types).as("an event after unsubscribed").doesNotContain("unsubscribed");
                    continue;
                }
                types.add((String) type);
                if ("pong".equals(type)) {
                    break;
                }
            }
            assertThat(types).containsExactly("subscribed", "unsubscribed", "pong");
            assertThat(events).isEqualTo(300);
        }
    }
}
