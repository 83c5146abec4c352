package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.HttpJson;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An application ends a user's sessions: its backend calls {@code POST /api/disconnect} on one realtime instance and
 * the user's connections on both instances close (Herald 4009, Centrifugo 3503) while another user's stay open; an
 * administrator revokes the API key a token was minted from, and the socket opened with that token closes (4001) and
 * cannot come back with it. The services run as separate processes on one NATS stream.
 */
class SessionEndingIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);
    private final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);

    private WsClient herald(int instance, String token) {
        WsClient ws = WsClient.connect(platform.heraldWs(instance, "/ws", token));
        ws.awaitConnected(WAIT);
        return ws;
    }

    private WsClient centrifugo(int instance, String token) {
        WsClient ws = WsClient.connect(platform.realtime(instance).wsUrl() + "/connection/websocket");
        JsonNode reply = ws.sendAndAwait(Map.of("id", 1, "connect", Map.of("token", token)),
            frame -> frame.path("id").asInt() == 1, WAIT);
        assertTrue(reply.has("connect"), () -> "connect refused: " + reply);
        return ws;
    }

    /** Waits until every socket is closed and returns when each was first seen closed, in ms after {@code start}. */
    private static Map<String, Long> closeTimes(long start, Map<String, WsClient> sockets) {
        Map<String, Long> closedAt = new LinkedHashMap<>();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> {
            sockets.forEach((name, ws) -> {
                if (ws.closed() && !closedAt.containsKey(name)) {
                    closedAt.put(name, (System.nanoTime() - start) / 1_000_000);
                }
            });
            return closedAt.size() == sockets.size();
        });
        return closedAt;
    }

    @Test
    void disconnectClosesTheUsersConnectionsOnBothInstancesAndNoOneElses() {
        User leaving = api.createUser(tenant);
        User staying = api.createUser(tenant);
        String token = api.socketToken(leaving);
        String otherToken = api.socketToken(staying);
        try (WsClient heraldFirst = herald(0, token);
             WsClient heraldSecond = herald(1, token);
             WsClient centrifugoSecond = centrifugo(1, token);
             WsClient otherFirst = herald(0, otherToken);
             WsClient otherSecond = centrifugo(1, otherToken)) {
            Map<String, WsClient> sockets = new LinkedHashMap<>();
            sockets.put("instance 1 /ws", heraldFirst);
            sockets.put("instance 2 /ws", heraldSecond);
            sockets.put("instance 2 /connection/websocket", centrifugoSecond);

            long start = System.nanoTime();
            HttpJson.Response response = HttpJson.post(platform.realtime(0).httpUrl() + "/api/disconnect",
                Map.of("user", leaving.uuid()), Map.of("Authorization", "apikey " + platform.serverKey()));
            assertEquals(202, response.status(), response.raw());
            Map<String, Long> closedAt = closeTimes(start, sockets);
            closedAt.forEach((name, ms) ->
                System.out.printf("POST /api/disconnect → %s closed after %d ms%n", name, ms));

            assertEquals(4009, heraldFirst.awaitCloseCode(WAIT));
            assertEquals(4009, heraldSecond.awaitCloseCode(WAIT));
            assertEquals(3503, centrifugoSecond.awaitCloseCode(WAIT));
            assertFalse(otherFirst.closed(), "another user's connection on instance 1 stays open");
            assertFalse(otherSecond.closed(), "another user's connection on instance 2 stays open");
            otherFirst.sendAndAwait("{\"type\":\"ping\"}", WsClient.field("type", "pong"), WAIT);
        }
    }

    @Test
    void revokingTheApiKeyClosesTheSocketOpenedWithItsToken() throws Exception {
        User user = api.createUser(tenant);
        HttpJson.Response issued = HttpJson.post(platform.auth().httpUrl() + "/api/admin/users/" + user.uuid()
            + "/api-keys", "", Map.of("Authorization", "apikey " + platform.adminKey()));
        assertEquals(201, issued.status(), issued.raw());
        String keyId = issued.body().path("id").asText();
        User withSecondKey = new User(user.uuid(), user.tenant(), user.email(), issued.body().path("apiKey").asText());
        String revokedToken = api.socketToken(withSecondKey);
        String keptToken = api.socketToken(user);

        try (WsClient revoked = herald(1, revokedToken);
             WsClient kept = herald(0, keptToken)) {
            long start = System.nanoTime();
            HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    platform.auth().httpUrl() + "/api/admin/users/" + user.uuid() + "/api-keys/" + keyId))
                .header("Authorization", "apikey " + platform.adminKey()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(204, deleted.statusCode(), deleted.body());
            closeTimes(start, Map.of("revoked", revoked)).forEach((name, ms) ->
                System.out.printf("DELETE api key → socket opened with its token closed after %d ms%n", ms));
            assertEquals(4001, revoked.awaitCloseCode(WAIT));
            assertFalse(kept.closed(), "the socket opened with the user's other key stays open");

            for (int instance : List.of(0, 1)) {
                try (WsClient again = WsClient.connect(platform.heraldWs(instance, "/ws", revokedToken))) {
                    assertEquals(4001, again.awaitCloseCode(WAIT), "the revoked token is refused on instance " + instance);
                }
            }
        }
    }
}
