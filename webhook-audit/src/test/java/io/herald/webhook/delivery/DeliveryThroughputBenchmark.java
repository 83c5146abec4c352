package io.herald.webhook.delivery;

import static org.awaitility.Awaitility.await;

import io.herald.webhook.support.Harness;
import io.herald.webhook.support.Receiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Measurement, not a test (no assertion on speed; not matched by Surefire/Failsafe patterns). Run with
 * {@code ./mvnw -pl webhook-audit verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=DeliveryThroughputBenchmark}: 100 endpoints of one tenant, each event on the tenant's channel goes to
 * all of them; prints deliveries/s and audit rows/s.
 */
class DeliveryThroughputBenchmark {

    @Test
    void measure() throws Exception {
        int endpoints = 100;
        int events = Integer.getInteger("bench.events", 200);
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        try (Harness h = new Harness(Map.of("herald.webhook.delivery.concurrency", concurrency,
                "datasources.default.maximum-pool-size", Math.max(20, concurrency + 8)));
             Receiver rx = new Receiver()) {
            String tenant = "bench";
            for (int i = 0; i < endpoints; i++) {
                String user = UUID.randomUUID().toString();
                h.post("/api/webhooks", h.token(user, tenant), Map.of("url", rx.url("/b" + i), "events", List.of("*")));
            }
            // warm-up
            h.publish("order_changes@" + tenant, "{\"event\":\"order:created\",\"data\":{\"id\":\"w\"},\"timestamp\":\"2026-01-01T00:00:00Z\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> rx.all().size() == endpoints);
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                h.publish("order_changes@" + tenant, "{\"event\":\"order:updated\",\"data\":{\"id\":\"o" + i
                        + "\",\"changed_fields\":[\"status\"]},\"timestamp\":\"2026-01-01T00:00:00Z\"}");
            }
            int total = endpoints * (events + 1);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(() -> rx.all().size() >= total);
            double received = (System.nanoTime() - t0) / 1e9;
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> h.query("SELECT 1 FROM attempt WHERE status = 'success'").size() >= total);
            double recorded = (System.nanoTime() - t0) / 1e9;
            int deliveries = endpoints * events;
            System.out.printf("BENCH concurrency=" + concurrency + " endpoints=%d events=%d deliveries=%d received-in=%.2fs (%.0f deliveries/s) "
                    + "all-audited-in=%.2fs (%.0f audit rows/s, each inserted then finalised)%n", endpoints, events,
                    deliveries, received, deliveries / received, recorded, deliveries / recorded);
        }
    }
}
