package io.herald.webhook.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.webhook.support.Harness;
import io.herald.webhook.support.Receiver;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Stops the service while deliveries are in flight and starts it again on the same database and stream: every
 * event is delivered at least once, every request the receiver saw has an audit row, and nothing stays stuck.
 */
class CrashSafetyIT {

    @Test
    void everythingIsDeliveredAfterAStopMidDelivery() throws Exception {
        int events = 30;
        try (Harness h = new Harness(Map.of("herald.webhook.delivery.lease", "3s",
                "herald.webhook.delivery.request-timeout", "2s", "herald.webhook.delivery.ack-wait", "3s",
                "herald.webhook.delivery.concurrency", 4));
             Receiver rx = new Receiver()) {
            rx.defaultDelay(250);
            String user = UUID.randomUUID().toString();
            Harness.Answer ep = h.post("/api/webhooks", h.token(user, "t1"),
                    Map.of("url", rx.url("/crash"), "events", List.of("job.finished")));
            assertEquals(201, ep.status(), ep.raw());
            for (int i = 0; i < events; i++) {
                h.publish("exports:" + user, "{\"version\":\"v3-beta\",\"event\":\"job.finished\",\"guid\":\"g" + i
                        + "\",\"status\":\"done\",\"url\":null,\"details\":null}");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> rx.requests("/crash").size() >= 5);
            h.stop();
            int seenAtStop = rx.requests("/crash").size();
            assertTrue(seenAtStop < events, "stopped mid-delivery: " + seenAtStop);
            h.restart();

            await().atMost(Duration.ofSeconds(90)).until(() -> guids(rx).size() == events
                    && h.query("SELECT 1 FROM delivery WHERE status <> 'succeeded'").isEmpty()
                    && h.query("SELECT 1 FROM attempt WHERE status = 'sending'").isEmpty());
            assertEquals(events, h.query("SELECT 1 FROM delivery").size());
            // every request seen has an attempt row written before it was sent
            Map<String, Long> requestsPerId = rx.requests("/crash").stream()
                    .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
            for (Map.Entry<String, Long> e : requestsPerId.entrySet()) {
                long rows = h.query("SELECT 1 FROM attempt WHERE delivery_id = ?", e.getKey()).size();
                assertTrue(rows >= e.getValue(), e.getKey() + ": " + rows + " rows for " + e.getValue() + " requests");
            }
            assertEquals(events, h.query("SELECT DISTINCT delivery_id FROM attempt WHERE status = 'success'").size());
        }
    }

    private static Set<String> guids(Receiver rx) {
        Set<String> s = new HashSet<>();
        for (Receiver.Request r : rx.requests("/crash")) {
            int i = r.body().indexOf("\"guid\":\"");
            s.add(r.body().substring(i + 8, r.body().indexOf('"', i + 8)));
        }
        return s;
    }
}
