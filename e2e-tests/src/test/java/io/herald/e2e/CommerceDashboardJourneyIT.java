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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A shop clerk of the commerce backend logs in with e-mail and password; the browser keeps the
 * {@code herald_session} cookie and opens {@code /ws} with it (no token in the URL), subscribes to
 * {@code order_changes} as the product's documentation shows, sees its own tenant's order changes (named as it
 * wrote the channel), keeps the connection alive with ping/pong, gets error frames for garbage, and after
 * {@code unsubscribe} no more order changes.
 */
class CommerceDashboardJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);

    @Test
    void aClerkFollowsOrderChangesWithTheSessionCookie() {
        String tenant = "shop" + UUID.randomUUID().toString().substring(0, 8);
        String password = "correct horse " + UUID.randomUUID();
        User clerk = api.createUserWithPassword(tenant, password);
        String setCookie = api.login(clerk, password);
        String lowered = setCookie.toLowerCase(Locale.ROOT);
        assertTrue(lowered.contains("httponly") && lowered.contains("path=/") && lowered.contains("samesite=lax"),
                () -> "session cookie attributes: " + setCookie);
        String cookie = setCookie.split(";", 2)[0];
        String channel = "order_changes@" + tenant;
        Published published = new Published();

        try (NatsPublisher nats = new NatsPublisher(platform);
             WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", null), Map.of("Cookie", cookie))) {
            JsonNode connected = ws.awaitConnected(WAIT);
            assertEquals(clerk.uuid(), connected.path("userId").asText(), connected::toString);
            ws.subscribe("order_changes", null, WAIT);

            ObjectNode created = Events.entityChange("order:created", 123);
            published.add("order_changes", nats.publish(channel, created), created);
            ObjectNode updated = Events.entityChange("order:updated", 123);
            published.add("order_changes", nats.publish(channel, updated), updated);
            nats.publish("order_changes@other" + tenant, Events.entityChange("order:created", 999));
            List<JsonNode> seen = ws.awaitEvents("order_changes", 2, WAIT);
            published.assertFaithfulSubsequence("order_changes", seen, platform::logTails);
            assertEquals(List.of("order:created", "order:updated"), seen.stream().map(f -> f.path("event").asText()).toList());
            assertEquals("processing", seen.get(1).path("data").path("changed_fields").path("status").asText());

            ws.sendAndAwait(Map.of("type", "ping"), WsClient.field("type", "pong"), WAIT);
            JsonNode error = ws.sendAndAwait("{not json", WsClient.field("type", "error"), WAIT);
            assertTrue(error.hasNonNull("message"), error::toString);
            JsonNode unknown = ws.sendAndAwait(Map.of("type", "dance"), WsClient.field("type", "error"), WAIT);
            assertTrue(unknown.hasNonNull("code"), unknown::toString);

            ws.sendAndAwait(Map.of("type", "unsubscribe", "channel", "order_changes"), WsClient.field("type", "unsubscribed"), WAIT);
            nats.publish(channel, Events.entityChange("order:deleted", 123));
            // The clerk's personal channel still works; its event arriving proves the order change was not delivered before it.
            long personal = nats.publish(clerk.exportsChannel(), Events.jobCreated(UUID.randomUUID().toString()));
            ws.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == personal, WAIT);
            assertEquals(2, ws.events("order_changes").size(), () -> "nothing after unsubscribe: " + ws.received());
            assertTrue(!ws.closed(), "the connection stays open through errors");
        }
    }
}
