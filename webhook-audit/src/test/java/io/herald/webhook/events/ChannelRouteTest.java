package io.herald.webhook.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChannelRouteTest {

    private static final String U = "0b6f2f6e-7c1e-4a4b-9a57-3f3f0b1d2c11";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "exports:" + U + "                    | " + U + " | -",
        "user:" + U + "                       | " + U + " | -",
        "user_notifications_channel:" + U + " | " + U + " | -",
        "user_dashboard_channel:" + U + "     | " + U + " | -",
        "notifications:" + U + "              | " + U + " | -",
        "order_changes@acme                   | -       | acme",
        "product_changes@acme                 | -       | acme",
        "customer_changes@acme                | -       | acme",
        "shipment_changes@acme                | -       | acme",
        "transaction_changes@acme             | -       | acme",
        "workbook:acme:wb-1                   | -       | acme",
    })
    void routesPersonalAndTenantChannels(String channel, String user, String tenant) {
        ChannelRoute r = ChannelRoute.ofSubject("herald", "herald.ch." + channel).orElseThrow();
        assertEquals(channel, r.channel());
        assertEquals(user, r.user());
        assertEquals(tenant, r.tenant());
        assertEquals(Optional.of(r), ChannelRoute.ofChannel(channel));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"herald.ch.webhooks:" + U, "herald.ch.job:123", "herald.ch.export.abc.job", "other.ch.exports:" + U,
        "herald.dlq.exports:" + U, "herald.ch.order_changes"})
    void otherSubjectsGoToNoWebhook(String subject) {
        assertTrue(ChannelRoute.ofSubject("herald", subject).isEmpty(), subject);
    }

    @Test
    void subjectsRoundTripWithAPrefix() {
        assertEquals("p1.ch.>", ChannelRoute.allChannels("p1"));
        assertEquals("p1.ch.webhooks:" + U, ChannelRoute.subject("p1", ChannelRoute.webhooksChannel(U)));
    }

    @Test
    void catalogueComesFromTheContractWithoutTheLoopingEvent() {
        for (String t : new String[] {"job.finished", "job.progress", "notification", "alert", "subscription.updated",
            "order:created", "transaction:deleted", "workbook.processing_progress", "bulk_download.ready"}) {
            assertTrue(EventCatalogue.isSubscribable(t), t);
        }
        assertTrue(EventCatalogue.isSubscribable("*"));
        assertFalse(EventCatalogue.isSubscribable("webhook.event.created"));
        assertFalse(EventCatalogue.isSubscribable("job.exploded"));
    }
}
