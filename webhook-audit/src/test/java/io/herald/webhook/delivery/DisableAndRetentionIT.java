package io.herald.webhook.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.webhook.audit.RetentionConfig;
import io.herald.webhook.audit.RetentionJob;
import io.herald.webhook.endpoint.ApiConfig;
import io.herald.webhook.support.Harness;
import io.herald.webhook.support.Receiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The "failing for too long" disable rule and the retention job, with their periods configured short; also
 * checks that the configured values bind.
 */
class DisableAndRetentionIT {

    @Test
    void exhaustedDeliveriesDisableAfterThePeriodAndRetentionPurges() throws Exception {
        try (Harness h = new Harness(Map.of("herald.webhook.retry.schedule", List.of("0s"),
                "herald.webhook.retry.disable-after", "0s", "herald.webhook.retention.payloads", "2s",
                "herald.webhook.retention.attempts", "4s", "herald.webhook.api.rotation-overlap", "1h"));
             Receiver rx = new Receiver()) {
            assertEquals(List.of(Duration.ZERO), h.context().getBean(RetryConfig.class).schedule());
            assertEquals(Duration.ZERO, h.context().getBean(RetryConfig.class).disableAfter());
            assertEquals(Duration.ofSeconds(2), h.context().getBean(RetentionConfig.class).payloads());
            assertEquals(Duration.ofHours(1), h.context().getBean(ApiConfig.class).rotationOverlap());
            List<io.nats.client.Message> told = new CopyOnWriteArrayList<>();
            String user = UUID.randomUUID().toString();
            h.nats.createDispatcher(told::add).subscribe(h.prefix + ".ch.webhooks:" + user);

            String token = h.token(user, "t1");
            String id = (String) h.post("/api/webhooks", token, Map.of("url", rx.url("/fail"), "events", List.of("*")))
                    .json().get("id");
            rx.script("/fail", Receiver.Reply.of(500));
            h.publish("user:" + user, "{\"type\":\"subscription.updated\",\"plan\":\"pro\",\"action\":\"created\",\"timestamp\":1700000000}");
            await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.FALSE.equals(h.get("/api/webhooks/" + id, token).json().get("enabled")));
            assertEquals("failing", h.get("/api/webhooks/" + id, token).json().get("disabledReason"));
            await().atMost(Duration.ofSeconds(20)).until(() -> told.size() == 2);
            List<String> bodies = told.stream().map(m -> new String(m.getData())).toList();
            assertTrue(bodies.stream().anyMatch(b -> b.contains("\"event\":\"webhook.event.created\"") && b.contains("\"responseCode\":\"500\"")), bodies.toString());
            assertTrue(bodies.stream().anyMatch(b -> b.contains("\"event\":\"webhook.endpoint.disabled\"")
                    && b.contains("\"reason\":\"failing\"") && b.contains(id)), bodies.toString());

            // re-enabling clears the failure history
            assertEquals(true, h.patch("/api/webhooks/" + id, token, Map.of("enabled", true)).json().get("enabled"));
            assertNull(h.query("SELECT failing_since FROM endpoint WHERE id = ?::uuid", id).get(0).get("failing_since"));

            RetentionJob job = h.context().getBean(RetentionJob.class);
            assertNotNull(h.query("SELECT payload FROM message").get(0).get("payload"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                job.run();
                return h.query("SELECT payload FROM message").get(0).get("payload") == null;
            });
            assertEquals(1, h.query("SELECT 1 FROM attempt").size(), "attempts outlive payloads");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                job.run();
                return h.query("SELECT 1 FROM attempt").isEmpty() && h.query("SELECT 1 FROM delivery").isEmpty()
                        && h.query("SELECT 1 FROM message").isEmpty();
            });
            assertEquals(1, h.query("SELECT 1 FROM endpoint").size(), "endpoints are not subject to retention");
        }
    }
}
