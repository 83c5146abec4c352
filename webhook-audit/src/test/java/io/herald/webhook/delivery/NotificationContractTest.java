package io.herald.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.schema.EventContract;
import io.herald.schema.ValidationResult;
import io.herald.webhook.endpoint.Endpoint;
import io.herald.webhook.events.ChannelRoute;
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
}
