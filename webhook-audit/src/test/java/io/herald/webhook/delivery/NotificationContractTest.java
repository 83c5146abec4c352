package io.herald.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.schema.EventCatalog;
import io.herald.schema.EventContract;
import io.herald.schema.ValidationResult;
import io.herald.webhook.endpoint.Endpoint;
import io.herald.webhook.events.ChannelRoute;
import io.herald.webhook.events.EventCatalogue;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What this service publishes on {@code webhooks:{uuid}} is valid under the event contract (realtime checks it). */
class NotificationContractTest {

    private static final String USER = "0b6f2f6e-7c1e-4a4b-9a57-3f3f0b1d2c11";

    private static Endpoint endpoint() {
        Instant now = Instant.now();
        return new Endpoint(UUID.randomUUID(), USER, "acme", "https://example.com/hook?a=\"b\"", "*", null, new byte[0],
                null, null, true, null, null, null, now, now, null, null, null);
    }

    @Test
    void webhookEventCreatedIsValidForSuccessAndNetworkErrors() {
        DeliveryStore.Claim c = new DeliveryStore.Claim("msg_1", UUID.randomUUID(), 1, "scheduled", endpoint(), "m1",
                "job.finished", new byte[0], Instant.now());
        for (int code : new int[] {200, 0, 503}) {
            ValidationResult r = EventContract.load().validate(ChannelRoute.webhooksChannel(USER), Dispatcher.notification(c, code));
            assertTrue(r.valid(), r.errorsJson());
            assertEquals("webhook.event.created", r.event().type());
        }
    }

    @Test
    void webhookEndpointDisabledIsValid() {
        for (String reason : new String[] {"gone", "failing"}) {
            ValidationResult r = EventContract.load().validate(ChannelRoute.webhooksChannel(USER),
                    Dispatcher.disabledNotification(endpoint(), reason));
            assertTrue(r.valid(), r.errorsJson());
        }
    }

    @Test
    void theNoticeNamesTheEventByItsWebhookName() throws Exception {
        Path dir = Path.of(getClass().getClassLoader().getResource("catalog/reports").toURI());
        DeliveryStore.Claim c = new DeliveryStore.Claim("msg_1", UUID.randomUUID(), 1, "scheduled", endpoint(), "m1",
                "report.ready", new byte[0], Instant.now());
        assertFalse(EventCatalogue.isSubscribable("report.ready"), "not in the built-in catalogue");
        try (EventCatalog.Installation installed = EventCatalog.installFrom(dir.toString())) {
            assertTrue(EventCatalogue.isSubscribable("report.ready"));
            assertTrue(EventCatalogue.isSubscribable("report.progress"));
            ValidationResult r = EventContract.load().validate(ChannelRoute.webhooksChannel(USER), Dispatcher.notification(c, 200));
            assertTrue(r.valid(), r.errorsJson());
            assertTrue(new String(Dispatcher.notification(c, 200), java.nio.charset.StandardCharsets.UTF_8)
                    .contains("\"event\":\"report.finished\""));
            assertEquals(java.util.Optional.of("reports:" + USER), ChannelRoute.ofChannel("reports:" + USER).map(ChannelRoute::channel));
        }
        assertFalse(EventCatalogue.isSubscribable("report.ready"), "the built-in catalogue is back");
    }
}
