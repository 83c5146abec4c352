package io.herald.realtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.bus.EventBus;
import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import io.herald.realtime.hub.Hub;
import io.herald.schema.SessionCommand;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ending sessions across two realtime instances on the same stream (real NATS, real sockets):
 * {@code POST /api/disconnect} closes every Herald, Centrifugo and SSE connection of one user on both instances and
 * no one else's; a revoked API key closes the connections opened with its tokens and its tokens are refused
 * afterwards, also by an instance started after the revocation.
 */
class SessionEndingIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestKeys keys;
    static RealtimeServer one;
    static RealtimeServer two;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        one = RealtimeServer.start(keys, Map.of());
        two = RealtimeServer.start(keys, Map.of("herald.realtime.stream", one.stream,
            "herald.realtime.subject-prefix", one.prefix));
    }

    @AfterAll
    static void stop() throws Exception {
        two.close();
        one.close();
        keys.close();
    }

    static Hub hub(RealtimeServer rt) {
        return rt.server.getApplicationContext().getBean(Hub.class);
    }

    static String token(String user, Map<String, Object> extra) {
        return keys.token(user, "acme", List.of(), Duration.ofMinutes(5), extra);
    }

    static WsClient herald(RealtimeServer rt, String token) throws Exception {
        WsClient client = WsClient.connect(rt.ws("/ws", token));
        client.nextContaining("\"connected\"");
        return client;
    }

    static WsClient centrifugo(RealtimeServer rt, String token) throws Exception {
        WsClient client = WsClient.connect(rt.ws("/connection/websocket", null));
        client.send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
        JsonNode reply = JSON.readTree(client.next());
        assertThat(reply.get("connect")).as(reply.toString()).isNotNull();
        return client;
    }

    static HttpResponse<String> disconnect(RealtimeServer rt, String key, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rt.http("/api/disconnect")))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "apikey " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An SSE stream read on its own thread: its lines, and whether the server ended it. */
    static final class Sse implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final int status;
        private final InputStream body;

        Sse(RealtimeServer rt, String token) throws Exception {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(rt.http("/connection/sse?token=" + token))).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            body = response.body();
            Thread reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // closed by close()
            }
            ended.complete(null);
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    @Test
    void disconnectClosesEveryConnectionOfTheUserOnBothInstancesAndNoOneElses() throws Exception {
        String user = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String token = token(user, Map.of());
        String otherToken = token(other, Map.of());
        try (WsClient heraldOne = herald(one, token);
             WsClient heraldTwo = herald(two, token);
             WsClient centrifugoOne = centrifugo(one, token);
             WsClient centrifugoTwo = centrifugo(two, token);
             Sse sse = new Sse(two, token);
             WsClient otherOne = herald(one, otherToken);
             WsClient otherTwo = centrifugo(two, otherToken)) {
            assertThat(sse.status).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                .until(() -> hub(one).connectionsOf(user) == 2 && hub(two).connectionsOf(user) == 3);

            long sent = System.nanoTime();
            HttpResponse<String> response = disconnect(one, RealtimeServer.API_KEY, "application/json",
                "{\"user\":\"" + user + "\"}");
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(response.body()).get("user").asText()).isEqualTo(user);

            CompletableFuture<Void> onOne = CompletableFuture.allOf(heraldOne.closed, centrifugoOne.closed)
                .thenRun(() -> System.out.printf("disconnect: instance one closed the user's connections %d ms after "
                    + "POST /api/disconnect%n", (System.nanoTime() - sent) / 1_000_000));
            CompletableFuture<Void> onTwo = CompletableFuture.allOf(heraldTwo.closed, centrifugoTwo.closed, sse.ended)
                .thenRun(() -> System.out.printf("disconnect: instance two closed the user's connections %d ms after "
                    + "POST /api/disconnect%n", (System.nanoTime() - sent) / 1_000_000));
            CompletableFuture.allOf(onOne, onTwo).get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(heraldOne.closeCode()).isEqualTo(4009);
            assertThat(heraldTwo.closeCode()).isEqualTo(4009);
            assertThat(centrifugoOne.closeCode()).isEqualTo(3503);
            assertThat(centrifugoTwo.closeCode()).isEqualTo(3503);
            assertThat(sse.lines).contains("event: disconnect");
            assertThat(String.join("\n", sse.lines)).contains("\"code\":4009");

            // the other user's connections stay open and working
            assertThat(otherOne.closed).isNotDone();
            assertThat(otherTwo.closed).isNotDone();
            otherOne.send("{\"type\":\"ping\"}");
            otherOne.nextContaining("pong");
            assertThat(hub(one).connectionsOf(other)).isEqualTo(1);
            assertThat(hub(two).connectionsOf(other)).isEqualTo(1);
            // a disconnect does not refuse the token: the application decides whether the user comes back
            try (WsClient again = herald(two, token)) {
                assertThat(again.closed).isNotDone();
            }
        }
    }

    @Test
    void disconnectFindsTheUserByItsExternalIdToo() throws Exception {
        String user = UUID.randomUUID().toString();
        try (WsClient client = herald(two, token(user, Map.of("uid", 4242001L)))) {
            assertThat(disconnect(one, RealtimeServer.API_KEY, null, "{\"user\":\"4242001\"}").statusCode())
                .isEqualTo(202);
            assertThat(client.closeCode()).isEqualTo(4009);
        }
    }

    @Test
    void badRequestsAndKeysAreAnsweredWithProblems() throws Exception {
        assertProblem(disconnect(one, null, "application/json", "{\"user\":\"u\"}"), 401, "unauthorized");
        assertProblem(disconnect(one, "wrong", "application/json", "{\"user\":\"u\"}"), 401, "unauthorized");
        assertProblem(disconnect(one, RealtimeServer.API_KEY, "application/json", ""), 400, "invalid-request");
        assertProblem(disconnect(one, RealtimeServer.API_KEY, "application/json", "{"), 400, "invalid-request");
        assertProblem(disconnect(one, RealtimeServer.API_KEY, "application/json", "[\"u\"]"), 400, "invalid-request");
        assertProblem(disconnect(one, RealtimeServer.API_KEY, "application/json", "{}"), 400, "invalid-request");
        assertProblem(disconnect(one, RealtimeServer.API_KEY, "application/json", "{\"user\":42}"), 400,
            "invalid-request");
        assertProblem(disconnect(one, RealtimeServer.API_KEY, "application/json", "{\"user\":\"  \"}"), 400,
            "invalid-request");
        assertProblem(disconnect(one, RealtimeServer.API_KEY, "application/json",
            "{\"user\":\"" + "u".repeat(257) + "\"}"), 400, "invalid-request");
        assertProblem(disconnect(one, RealtimeServer.API_KEY, "text/plain", "{\"user\":\"u\"}"), 415,
            "unsupported-media-type");
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            value -> assertThat(value).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).endsWith("/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

    @Test
    void aRevokedKeyClosesItsSessionsAndItsTokensAreRefusedEverywhere() throws Exception {
        String user = UUID.randomUUID().toString();
        String revokedKey = UUID.randomUUID().toString();
        String keptKey = UUID.randomUUID().toString();
        String revoked = token(user, Map.of("akid", revokedKey));
        String kept = token(user, Map.of("akid", keptKey));
        try (WsClient heraldOne = herald(one, revoked);
             WsClient centrifugoTwo = centrifugo(two, revoked);
             WsClient survivor = herald(two, kept)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> hub(two).connectionsOf(user) == 2);
            long sent = System.nanoTime();
            EventBus bus = one.server.getApplicationContext().getBean(EventBus.class);
            bus.broadcast(SessionCommand.TOPIC,
                SessionCommand.revokeKey(user, revokedKey, System.currentTimeMillis()).toJson()).join();
            CompletableFuture.allOf(heraldOne.closed, centrifugoTwo.closed).get(10, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("revocation: both instances closed the key's connections %d ms after the broadcast%n",
                (System.nanoTime() - sent) / 1_000_000);
            assertThat(heraldOne.closeCode()).isEqualTo(4001);
            assertThat(centrifugoTwo.closeCode()).isEqualTo(3500);
            assertThat(survivor.closed).isNotDone();

            // an in-band refresh with a revoked token is refused; the connection lives on with its own token
            survivor.send("{\"type\":\"refresh\",\"token\":\"" + revoked + "\"}");
            assertThat(survivor.nextContaining("\"error\"")).contains("invalid_token");
            assertThat(survivor.closed).isNotDone();

            // new connections, SSE and history with the revoked token are refused like an invalid token
            try (WsClient again = WsClient.connect(two.ws("/ws", revoked))) {
                assertThat(again.closeCode()).isEqualTo(4001);
            }
            try (WsClient again = WsClient.connect(one.ws("/connection/websocket", null))) {
                again.send("{\"id\":1,\"connect\":{\"token\":\"" + revoked + "\"}}");
                assertThat(again.closeCode()).isEqualTo(3500);
            }
            try (Sse sse = new Sse(one, revoked)) {
                assertThat(sse.status).isEqualTo(401);
            }
            HttpResponse<String> history = HTTP.send(HttpRequest.newBuilder(URI.create(
                two.http("/api/history?channel=order_changes@" + user + "&token=" + revoked))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(history.statusCode()).isEqualTo(401);

            // an instance started after the revocation learns it from the bus
            RealtimeServer late = RealtimeServer.start(keys, Map.of("herald.realtime.stream", one.stream,
                "herald.realtime.subject-prefix", one.prefix));
            try {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    try (WsClient again = WsClient.connect(late.ws("/ws", revoked))) {
                        assertThat(again.closeCode()).isEqualTo(4001);
                    }
                });
                try (WsClient fine = herald(late, kept)) {
                    assertThat(fine.closed).isNotDone();
                }
            } finally {
                // not late.close(): that deletes the stream the other two instances share
                late.server.getApplicationContext().close();
                late.nats.close();
            }
        }
    }

    @Test
    void aRevokedUserIsClosedAndRefused() throws Exception {
        String user = UUID.randomUUID().toString();
        String token = token(user, Map.of());
        try (WsClient client = herald(two, token)) {
            one.server.getApplicationContext().getBean(EventBus.class).broadcast(SessionCommand.TOPIC,
                SessionCommand.revokeUser(user, System.currentTimeMillis()).toJson()).join();
            assertThat(client.closeCode()).isEqualTo(4001);
            try (WsClient again = WsClient.connect(one.ws("/ws", token))) {
                assertThat(again.closeCode()).isEqualTo(4001);
            }
        }
    }
}
