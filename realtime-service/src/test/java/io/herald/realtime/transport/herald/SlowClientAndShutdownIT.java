package io.herald.realtime.transport.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure (a client that never reads is closed with 4013, others keep receiving) and graceful shutdown (1001 on
 * the Herald protocol, 3001 on the Centrifugo one).
 */
class SlowClientAndShutdownIT {

    static TestKeys keys;

    @BeforeAll
    static void keys() throws Exception {
        keys = new TestKeys();
    }

    @AfterAll
    static void stop() {
        keys.close();
    }

    static String notification(int n, String pad) {
        return "{\"type\":\"notification\",\"payload\":{\"id\":\"n" + n + "\",\"title\":\"t\",\"message\":\"" + pad
            + "\",\"priority\":\"normal\"},\"timestamp\":\"2026-01-25T10:30:00Z\"}";
    }

    @Test
    void aClientThatNeverReadsIsClosedWith4013WhileOthersKeepReceiving() throws Exception {
        try (RealtimeServer rt = RealtimeServer.start(keys, Map.of(
            "herald.realtime.limits.outbound-queue-bytes", 262_144,
            "herald.realtime.limits.close-timeout", "20s"))) {
            String user = UUID.randomUUID().toString();
            String token = keys.token(user, "acme", List.of(), Duration.ofMinutes(5));
            MeterRegistry meters = rt.server.getApplicationContext().getBean(MeterRegistry.class);
            try (WsClient slow = WsClient.connect(rt.ws("/ws", token), false, null);
                 WsClient fast = WsClient.connect(rt.ws("/ws", token))) {
                assertThat(slow.next()).contains("connected");
                assertThat(fast.next()).contains("connected");
                String pad = "x".repeat(8_000);
                int published = 0;
                // Rounds of 20 × 8 KB stay below the 256 KiB bound, so the fast client (which reads each round before
                // the next is published) can never be mistaken for a slow one, however loaded the machine is.
                while (meters.counter("herald.drops", "reason", "slow_client").count() < 1 && published < 4_000) {
                    for (int i = 0; i < 20; i++) {
                        rt.publish("notifications:" + user, notification(published++, pad));
                    }
                    for (int i = published - 20; i < published; i++) {
                        assertThat(fast.next()).contains("\"id\":\"n" + i + "\"");
                    }
                }
                assertThat(meters.counter("herald.drops", "reason", "slow_client").count()).isEqualTo(1.0);
                // the fast client still receives on time after the slow one was cut off
                rt.publish("notifications:" + user, notification(-1, "after"));
                assertThat(fast.nextContaining("\"id\":\"n-1\"")).contains("after");
                slow.resume();
                assertThat(slow.closeCode()).isEqualTo(4013);
                await().atMost(Duration.ofSeconds(20)).until(() -> rt.server.getApplicationContext()
                    .getBean(io.herald.realtime.hub.Hub.class).connectionCount() == 1);
            }
        }
    }

    @Test
    void shutdownClosesEveryClientWith1001Or3001AfterFlushing() throws Exception {
        RealtimeServer rt = RealtimeServer.start(keys, Map.of());
        String user = UUID.randomUUID().toString();
        try (WsClient a = WsClient.connect(rt.ws("/ws", keys.token(user, "acme", List.of(), Duration.ofMinutes(5))));
             WsClient b = WsClient.connect(rt.ws("/ws/notifications", keys.token(user, "acme", List.of(), Duration.ofMinutes(5))));
             WsClient c = WsClient.connect(rt.ws("/connection/websocket", null))) {
            assertThat(a.next()).contains("connected");
            assertThat(b.next()).contains("connected");
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + keys.token(user, "acme", List.of(), Duration.ofMinutes(5)) + "\"}}");
            assertThat(c.next()).contains("\"client\"");
            rt.publish("notifications:" + user, notification(1, "last words"));
            assertThat(a.next()).contains("last words");
            rt.close();
            assertThat(a.closeCode()).isEqualTo(1001);
            assertThat(b.nextContaining("last words")).isNotNull();
            assertThat(b.closeCode()).isEqualTo(1001);
            assertThat(c.nextContaining("last words")).contains("\"push\"");
            assertThat(c.closeCode()).isEqualTo(3001); // the Centrifugo protocol's shutdown code, waited for as well
        }
    }
}
