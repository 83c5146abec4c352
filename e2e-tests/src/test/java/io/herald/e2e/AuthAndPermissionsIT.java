package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.ForgedTokens;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.HttpJson;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Someone tries to get at events that aren't theirs: with no token, an expired one, a tampered one, one
 * signed by a key Herald never published, an unsigned one; by subscribing to another user's channel or
 * another tenant's workbook; by opening a job room without a grant; by using a user's API key where a
 * server or admin key belongs. Each attempt gets the documented answer (close 4001,
 * close 4003, an error frame, HTTP 401) and no event leaks.
 */
class AuthAndPermissionsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int INVALID_TOKEN = 4001;
    private static final int NOT_PERMITTED = 4003;

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);
    private final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void connectionsWithoutAValidTokenAreClosedWith4001() {
        User mallory = api.createUser(tenant);
        String genuine = api.socketToken(mallory);
        User victim = api.createUser(tenant);
        ForgedTokens forger = new ForgedTokens();
        Map<String, String> attempts = Map.of(
                "no token", "",
                "garbage", "?token=not-a-jwt",
                "tampered payload", "?token=" + ForgedTokens.tampered(genuine, victim),
                "signed by an unknown key with Herald's kid", "?token=" + forger.signedByUnknownKey(victim, ForgedTokens.kidOf(genuine), Duration.ofMinutes(5)),
                "signed by an unknown key", "?token=" + forger.signedByUnknownKey(victim, "attacker", Duration.ofMinutes(5)),
                "unsigned (alg none)", "?token=" + ForgedTokens.unsigned(victim));
        attempts.forEach((what, query) -> {
            for (String path : List.of("/ws", "/ws/notifications")) {
                try (WsClient ws = WsClient.connect(platform.realtime().wsUrl() + path + query)) {
                    int code = ws.awaitCloseCode(WAIT);
                    assertEquals(INVALID_TOKEN, code, () -> what + " on " + path + ": closed with " + code + " " + ws.closeReason()
                            + ", frames " + ws.received());
                    assertTrue(ws.received(f -> WsClient.isEvent(f) || "connected".equals(f.path("type").asText())).isEmpty(),
                            () -> what + ": nothing may be delivered before the close: " + ws.received());
                }
            }
        });
    }

    @Test
    void centrifugoConnectsWithABadTokenAreClosedWith3500AndAnExpiredOneAnswered109() {
        User mallory = api.createUser(tenant);
        User victim = api.createUser(tenant);
        String genuine = api.socketToken(mallory);
        ForgedTokens forger = new ForgedTokens();
        String url = platform.realtime().wsUrl() + "/connection/websocket";
        for (String forged : List.of(ForgedTokens.tampered(genuine, victim), ForgedTokens.unsigned(victim),
                forger.signedByUnknownKey(victim, ForgedTokens.kidOf(genuine), Duration.ofMinutes(5)))) {
            try (WsClient ws = WsClient.connect(url)) {
                ws.sendJson(Map.of("id", 1, "connect", Map.of("token", forged, "name", "e2e")));
                int code = ws.awaitCloseCode(WAIT);
                assertEquals(3500, code, () -> "Centrifugo invalid token: closed with " + code + " " + ws.closeReason() + " " + ws.received());
                assertTrue(ws.received(f -> f.has("connect")).isEmpty(), () -> "no connect reply: " + ws.received());
            }
        }
        String shortLived = api.grantedToken(mallory, List.of(), "PT1S");
        long exp = ForgedTokens.claimsOf(shortLived).path("exp").asLong();
        Awaitility.await().atMost(WAIT).until(() -> Instant.now().getEpochSecond() > exp + 1);
        try (WsClient ws = WsClient.connect(url)) {
            JsonNode reply = ws.sendAndAwait(Map.of("id", 1, "connect", Map.of("token", shortLived)), f -> f.path("id").asInt() == 1, WAIT);
            assertEquals(109, reply.path("error").path("code").asInt(), () -> "expired token → error 109 (the SDK refreshes): " + reply);
        }
    }

    @Test
    void anExpiredTokenIsRefusedAndAnExpiringOneClosesTheConnection() {
        User user = api.createUser(tenant);
        String shortLived = api.grantedToken(user, List.of(), "PT6S");
        long exp = ForgedTokens.claimsOf(shortLived).path("exp").asLong();
        try (WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", shortLived))) {
            ws.awaitConnected(WAIT);
            // The token expires during the connection: Herald closes it with 4001.
            int code = ws.awaitCloseCode(WAIT);
            assertEquals(INVALID_TOKEN, code, () -> "closed with " + code + " " + ws.closeReason());
        }
        Awaitility.await().atMost(WAIT).until(() -> Instant.now().getEpochSecond() > exp + 1);
        try (WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", shortLived))) {
            assertEquals(INVALID_TOKEN, ws.awaitCloseCode(WAIT), () -> "expired token: " + ws.closeReason());
        }
    }

    @Test
    void aUserCannotSubscribeToAnotherUsersChannelOrAnotherTenantsWorkbook() {
        User alice = api.createUser(tenant);
        User bob = api.createUser(tenant);
        String otherTenant = "other-" + UUID.randomUUID().toString().substring(0, 8);
        User carol = api.createUser(otherTenant);
        String workbook = UUID.randomUUID().toString();
        try (NatsPublisher nats = new NatsPublisher(platform);
             WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", api.socketToken(alice)));
             WsClient room = WsClient.connect(platform.heraldWs(0, "/ws/workbooks/" + workbook, api.socketToken(alice)));
             WsClient carolsRoom = WsClient.connect(platform.heraldWs(0, "/ws/workbooks/" + workbook, api.socketToken(carol)))) {
            ws.awaitConnected(WAIT);
            room.awaitConnected(WAIT);
            carolsRoom.awaitConnected(WAIT);
            for (String forbidden : List.of(bob.exportsChannel(), "user_notifications_channel:" + bob.uuid(),
                    "workbook:" + otherTenant + ":" + workbook, "order_changes@" + otherTenant, "job:" + UUID.randomUUID())) {
                JsonNode answer = ws.sendAndAwait(Map.of("type", "subscribe", "channel", forbidden),
                        f -> List.of("error", "subscribed").contains(f.path("type").asText()), WAIT);
                assertEquals("error", answer.path("type").asText(), () -> "subscribe " + forbidden + " answered " + answer);
                assertTrue(answer.hasNonNull("message") && answer.hasNonNull("code"), answer::toString);
            }
            for (String bad : List.of("exports:*", "job:>", "a..b", "has space", "")) {
                JsonNode answer = ws.sendAndAwait(Map.of("type", "subscribe", "channel", bad),
                        f -> List.of("error", "subscribed").contains(f.path("type").asText()), WAIT);
                assertEquals("error", answer.path("type").asText(), () -> "bad channel '" + bad + "' answered " + answer);
            }

            // Events of bob and of the other tenant's workbook never reach alice; her own workbook's do.
            nats.publish(bob.exportsChannel(), Events.jobCreated(UUID.randomUUID().toString()));
            nats.publish("workbook:" + otherTenant + ":" + workbook, Events.sheetDataUpdated(workbook, 1));
            long mine = nats.publish("workbook:" + tenant + ":" + workbook, Events.sheetDataUpdated(workbook, 2));
            JsonNode delivered = room.await(WsClient::isEvent, WAIT);
            assertEquals(mine, delivered.path("offset").asLong(), () -> "alice's room got " + room.received());
            assertEquals("workbook:" + tenant + ":" + workbook, delivered.path("channel").asText());
            JsonNode carols = carolsRoom.await(WsClient::isEvent, WAIT);
            assertEquals("workbook:" + otherTenant + ":" + workbook, carols.path("channel").asText());
            // Alice's room has seen its own event after the foreign ones were published: they're not coming.
            assertEquals(1, room.received(WsClient::isEvent).size(), () -> "room: " + room.received());
            assertTrue(ws.received(WsClient::isEvent).isEmpty(), () -> "alice's /ws got foreign events: " + ws.received());
        }
    }

    @Test
    void aJobRoomNeedsAGrantFromTheServer() {
        User user = api.createUser(tenant);
        String jobId = "job_" + UUID.randomUUID().toString().substring(0, 12);
        try (WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws/jobs/" + jobId, api.socketToken(user)))) {
            int code = ws.awaitCloseCode(WAIT);
            assertEquals(NOT_PERMITTED, code, () -> "ungranted job room closed with " + code + " " + ws.closeReason());
        }
        try (NatsPublisher nats = new NatsPublisher(platform);
             WsClient exact = WsClient.connect(platform.heraldWs(0, "/ws/jobs/" + jobId,
                     api.grantedToken(user, List.of("job:" + jobId), "PT5M")));
             WsClient pattern = WsClient.connect(platform.heraldWs(0, "/ws/jobs/" + jobId,
                     api.grantedToken(user, List.of("job:*"), "PT5M")))) {
            exact.awaitConnected(WAIT);
            pattern.awaitConnected(WAIT);
            long offset = nats.publish("job:" + jobId, Events.jobTyped("job.started", jobId, null));
            assertEquals(offset, exact.await(WsClient::isEvent, WAIT).path("offset").asLong());
            assertEquals(offset, pattern.await(WsClient::isEvent, WAIT).path("offset").asLong());
        }
    }

    @Test
    void keysOnlyOpenTheirOwnDoors() {
        User user = api.createUser(tenant);
        Map<String, Object> publish = Map.of("channel", user.exportsChannel(), "data", Events.jobCreated(UUID.randomUUID().toString()));
        String publishUrl = platform.realtime().httpUrl() + "/api/publish";
        for (String key : List.of(user.apiKey(), platform.adminKey(), "wrong")) {
            HttpJson.Response r = HttpJson.post(publishUrl, publish, Map.of("Authorization", "apikey " + key));
            assertTrue(r.status() == 401 || r.status() == 403, () -> "publish with a non-server key answered " + r.status() + " " + r.raw());
        }
        HttpJson.Response noKey = HttpJson.post(publishUrl, publish, Map.of());
        assertEquals(401, noKey.status(), noKey::raw);
        for (String key : List.of(user.apiKey(), platform.serverKey())) {
            HttpJson.Response r = HttpJson.post(platform.auth().httpUrl() + "/api/admin/users",
                    Map.of("email", "x-" + UUID.randomUUID() + "@e2e.example", "tenant", tenant),
                    Map.of("Authorization", "apikey " + key));
            assertTrue(r.status() == 401 || r.status() == 403, () -> "admin API with a non-admin key answered " + r.status() + " " + r.raw());
        }
        HttpJson.Response wrongKey = HttpJson.post(platform.auth().httpUrl() + "/api/public/auth/socket", "",
                Map.of("X-AUTH-TOKEN", "hk_wrong_" + UUID.randomUUID()));
        assertEquals(401, wrongKey.status(), wrongKey::raw);
        assertTrue(wrongKey.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                () -> "401 is problem+json: " + wrongKey.headers().map());
    }
}
