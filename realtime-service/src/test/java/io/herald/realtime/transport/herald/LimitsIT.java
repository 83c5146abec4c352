package io.herald.realtime.transport.herald;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every configurable connection limit and the close code it leads to, with small limits. */
class LimitsIT {

    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of(
            "herald.realtime.limits.max-frame-bytes", 1024,
            "herald.realtime.limits.messages-per-second", 20,
            "herald.realtime.limits.connections-per-user", 2,
            "herald.realtime.limits.subscriptions-per-connection", 8,
            "herald.realtime.limits.idle-timeout", "3s",
            "herald.realtime.limits.sweep-interval", "200ms"));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    String token(String user) {
        return keys.token(user, "acme", List.of(), Duration.ofMinutes(5));
    }

    static String user() {
        return UUID.randomUUID().toString();
    }

    @Test
    void frameLargerThanTheLimitClosesWith1009() throws Exception {
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user())))) {
            client.next();
            client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(1024) + "\"}");
            assertThat(client.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void tooManyMessagesGetErrorFramesThenClose4029() throws Exception {
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user())))) {
            client.next();
            for (int i = 0; i < 60; i++) {
                client.sendAsync("{\"type\":\"ping\"}");
            }
            assertThat(client.nextContaining("rate_limited")).contains("\"type\":\"error\"");
            assertThat(client.closeCode()).isEqualTo(4029);
        }
    }

    @Test
    void tooManyConnectionsForOneUserClose4029() throws Exception {
        String user = user();
        // one after the other: the upgrade answer reaches a client before the server has registered the connection,
        // so connecting all three at once would make it a race which of them is the third
        try (WsClient one = WsClient.connect(rt.ws("/ws", token(user)))) {
            assertThat(one.next()).contains("connected");
            try (WsClient two = WsClient.connect(rt.ws("/ws", token(user)))) {
                assertThat(two.next()).contains("connected");
                try (WsClient three = WsClient.connect(rt.ws("/ws", token(user)))) {
                    assertThat(three.closeCode()).isEqualTo(4029);
                }
            }
        }
    }

    @Test
    void subscriptionsBeyondTheLimitAreRefusedWithAnErrorFrame() throws Exception {
        try (WsClient client = WsClient.connect(rt.ws("/ws", token(user())))) {
            client.next(); // 6 personal channels
            client.send("{\"type\":\"subscribe\",\"channel\":\"order_changes\"}");
            assertThat(client.next()).contains("subscribed");
            client.send("{\"type\":\"subscribe\",\"channel\":\"product_changes\"}");
            assertThat(client.next()).contains("subscribed");
            client.send("{\"type\":\"subscribe\",\"channel\":\"customer_changes\"}");
            assertThat(client.next()).contains("subscription_limit");
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next()).contains("pong");
        }
    }

    @Test
    void noHeartbeatClosesWith4008AndPingsKeepAlive() throws Exception {
        try (WsClient idle = WsClient.connect(rt.ws("/ws", token(user())));
             WsClient pinging = WsClient.connect(rt.ws("/ws", token(user())))) {
            idle.next();
            pinging.next();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    pinging.send("{\"type\":\"ping\"}");
                    return idle.closed.isDone();
                });
            assertThat(idle.closeCode()).isEqualTo(4008);
            pinging.send("{\"type\":\"ping\"}");
            assertThat(pinging.next()).contains("pong");
        }
    }

    @Test
    void tokenExpiringDuringTheConnectionCloses4001() throws Exception {
        try (WsClient client = WsClient.connect(rt.ws("/ws", keys.token(user(), "acme", List.of(), Duration.ofSeconds(2))))) {
            assertThat(client.next()).contains("connected");
            assertThat(client.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void limitsAreBoundFromConfiguration() {
        var limits = rt.server.getApplicationContext().getBean(io.herald.realtime.transport.LimitsConfiguration.class);
        assertThat(limits.maxFrameBytes()).isEqualTo(1024);
        assertThat(limits.messagesPerSecond()).isEqualTo(20);
        assertThat(limits.connectionsPerUser()).isEqualTo(2);
        assertThat(limits.subscriptionsPerConnection()).isEqualTo(8);
        assertThat(limits.idleTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(limits.outboundQueueBytes()).isEqualTo(1_048_576);
        assertThat(limits.historyMaxCount()).isEqualTo(1000);
    }
}
