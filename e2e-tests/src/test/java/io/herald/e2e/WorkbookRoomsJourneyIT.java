package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.Published;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A spreadsheet product's user (token in the query string, as its documentation shows) opens a workbook page
 * ({@code /ws/workbooks/{id}}) and the notification bell ({@code /ws/notifications}). The workbook room shows
 * processing started → progress (thinned per workbook) → completed and nothing else; the bell shows
 * notifications and alerts from both notification channels and nothing else (the dedicated endpoints
 * subscribe only their room).
 */
class WorkbookRoomsJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);

    @Test
    void theWorkbookPageAndTheBellShowTheirOwnEvents() {
        String tenant = "calc" + UUID.randomUUID().toString().substring(0, 8);
        User user = api.createUser(tenant);
        String workbook = UUID.randomUUID().toString();
        String room = "workbook:" + tenant + ":" + workbook;
        Published published = new Published();
        try (NatsPublisher nats = new NatsPublisher(platform);
             WsClient page = WsClient.connect(platform.heraldWs(0, "/ws/workbooks/" + workbook, api.socketToken(user)));
             WsClient bell = WsClient.connect(platform.heraldWs(platform.realtimeInstances() - 1, "/ws/notifications", api.socketToken(user)))) {
            JsonNode pageConnected = page.awaitConnected(WAIT);
            assertEquals(List.of(room), names(pageConnected), pageConnected::toString);
            JsonNode bellConnected = bell.awaitConnected(WAIT);
            assertTrue(names(bellConnected).contains("notifications:" + user.uuid()), bellConnected::toString);
            assertTrue(names(bellConnected).contains("user_notifications_channel:" + user.uuid()), bellConnected::toString);
            assertTrue(!names(bellConnected).contains(user.exportsChannel()), bellConnected::toString);

            publish(nats, published, room, Events.workbook("workbook.processing_started", workbook, null));
            for (int p = 10; p <= 90; p += 10) {
                publish(nats, published, room, Events.workbook("workbook.processing_progress", workbook, p));
            }
            long completed = publish(nats, published, room, Events.workbook("workbook.processing_completed", workbook, null));
            long toast = publish(nats, published, "notifications:" + user.uuid(), Events.toast("notification", "notif_1", "Export Complete", "normal"));
            long alert = publish(nats, published, "user_notifications_channel:" + user.uuid(), Events.toast("alert", "alert_1", "Quota reached", "urgent"));
            nats.publish(user.exportsChannel(), Events.jobCreated(UUID.randomUUID().toString()));
            // A last toast after the foreign event: once it arrives, the foreign one would have too.
            long last = publish(nats, published, "notifications:" + user.uuid(), Events.toast("notification", "notif_2", "Import done", "low"));

            page.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == completed, WAIT);
            List<JsonNode> shown = page.events(room);
            published.assertFaithfulSubsequence(room, shown, platform::logTails);
            List<String> types = shown.stream().map(f -> f.path("type").asText()).toList();
            assertEquals("workbook.processing_started", types.get(0), types::toString);
            assertEquals("workbook.processing_progress", types.get(1), () -> "first progress at once (P0): " + types);
            assertEquals(10, shown.get(1).path("payload").path("progress").asInt());
            assertEquals("workbook.processing_completed", types.get(types.size() - 1), types::toString);
            assertTrue(types.size() < 11, () -> "progress thinned: " + types);

            bell.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == last, WAIT);
            bell.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == alert, WAIT);
            bell.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == toast, WAIT);
            published.assertFaithfulSubsequence("notifications:" + user.uuid(), bell.events("notifications:" + user.uuid()), platform::logTails);
            published.assertFaithfulSubsequence("user_notifications_channel:" + user.uuid(),
                    bell.events("user_notifications_channel:" + user.uuid()), platform::logTails);
            assertEquals(3, bell.received(WsClient::isEvent).size(), () -> "the bell shows only notifications: " + bell.received());
            assertEquals(shown.size(), page.received(WsClient::isEvent).size(), () -> "the page shows only its room: " + page.received());
        }
    }

    private static List<String> names(JsonNode connected) {
        return java.util.stream.StreamSupport.stream(connected.path("channels").spliterator(), false).map(JsonNode::asText).toList();
    }

    private static long publish(NatsPublisher nats, Published published, String channel, ObjectNode event) {
        long offset = nats.publish(channel, event);
        published.add(channel, offset, event);
        return offset;
    }
}
