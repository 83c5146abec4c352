package io.herald.webhook.catalog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.herald.webhook.support.Harness;
import io.herald.webhook.support.Receiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A namespace and event types added only through {@code herald.catalog.dir} (the {@code reports} fixture:
 * {@code reports:{userUuid}}, {@code report.ready} / {@code report.progress}, webhook name
 * {@code report.ready: report.finished}) work for webhooks with nothing rebuilt: an endpoint subscribes to
 * {@code report.ready}, a valid one published straight on NATS reaches it signed, an invalid one never does, and the
 * {@code webhook.event.created} notice on {@code webhooks:{uuid}} names the event by its webhook name.
 */
class CatalogueWebhookIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Harness h;
    private static Receiver rx;
    private static final List<Message> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        URL dir = CatalogueWebhookIT.class.getResource("/catalog/reports");
        h = new Harness(Map.of("herald.catalog.dir", Path.of(dir.toURI()).toString()));
        rx = new Receiver();
        Dispatcher d = h.nats.createDispatcher(notices::add);
        d.subscribe(h.prefix + ".ch.>");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            rx.close();
        } finally {
            h.close();
        }
    }

    private static String ready(String reportId) {
        return "{\"type\":\"report.ready\",\"report_id\":\"" + reportId
                + "\",\"url\":\"https://reports.example.com/" + reportId + ".pdf\",\"timestamp\":\"2026-01-25T10:30:00Z\"}";
    }

    private static double invalidCount() {
        return h.context().getBean(MeterRegistry.class).counter("herald.webhook.events.invalid").count();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aValidReportReadyReachesTheEndpointSignedAndTheNoticeNamesItReportFinished() throws Exception {
        String user = UUID.randomUUID().toString();
        Harness.Answer created = h.post("/api/webhooks", h.token(user, "t1"),
                Map.of("url", rx.url("/reports"), "events", List.of("report.ready")));
        assertEquals(201, created.status(), created.raw());
        String secret = (String) created.json().get("secret");

        String channel = "reports:" + user;
        double invalidBefore = invalidCount();
        // invalid: "url" missing, so the schema from the catalogue directory refuses it
        h.publish(channel, "{\"type\":\"report.ready\",\"report_id\":\"bad\",\"timestamp\":\"2026-01-25T10:30:00Z\"}");
        String valid = ready("r-1");
        h.publish(channel, valid);
        await().atMost(WAIT).until(() -> rx.requests("/reports").size() >= 1);
        // a later valid event proves the invalid one was consumed (events are handled in stream order) and dropped
        String marker = ready("r-2");
        h.publish(channel, marker);
        await().atMost(WAIT).until(() -> rx.requests("/reports").size() >= 2);

        List<Receiver.Request> got = rx.requests("/reports");
        assertEquals(List.of(valid, marker), got.stream().map(Receiver.Request::body).toList(), "the invalid report.ready never arrives");
        assertEquals(1.0, invalidCount() - invalidBefore, "the invalid report.ready was refused by its schema");
        Receiver.Request r = got.get(0);
        assertTrue(r.header("webhook-id").startsWith("msg_"), r.headers().toString());
        assertTrue(r.header("webhook-signature").startsWith("v1,"), r.headers().toString());
        new Webhook(secret).verify(r.body(), Map.of(
                "webhook-id", List.of(r.header("webhook-id")),
                "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                "webhook-signature", List.of(r.header("webhook-signature"))));

        String subject = h.prefix + ".ch.webhooks:" + user;
        await().atMost(WAIT).until(() -> notices.stream().filter(m -> m.getSubject().equals(subject)).count() >= 2);
        for (Message m : notices.stream().filter(n -> n.getSubject().equals(subject)).toList()) {
            Map<String, Object> ev = JsonMapper.createDefault().readValue(m.getData(), Map.class);
            assertEquals("webhook.event.created", ev.get("event"));
            Map<String, Object> details = (Map<String, Object>) ev.get("details");
            assertEquals("report.finished", details.get("event"), "webhook name from the catalogue directory");
            assertEquals("200", details.get("responseCode"));
            assertEquals(rx.url("/reports"), details.get("webhookUrl"));
        }
    }
}
