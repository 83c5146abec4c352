package io.herald.realtime.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /connection/sse} over real HTTP against a realtime-service on the local NATS, read like {@code curl -N}
 * (the JDK client streaming the body line by line): events of the user's channel with {@code id:}, recovery with
 * {@code Last-Event-ID}, heartbeat comments, and the refusals before the stream starts.
 */
class SseIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of("herald.realtime.sse.heartbeat", "1s"));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    /** An SSE stream read on its own thread into blocks (field → value; comments under ":"). */
    static final class Stream implements AutoCloseable {
        final BlockingQueue<Map<String, String>> blocks = new LinkedBlockingQueue<>();
        final InputStream body;

        Stream(InputStream body) {
            this.body = body;
            Thread reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                Map<String, String> block = new LinkedHashMap<>();
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (!block.isEmpty()) {
                            blocks.add(block);
                        }
                        block = new LinkedHashMap<>();
                    } else if (line.startsWith(":")) {
                        block.put(":", line.substring(1).trim());
                    } else {
                        int colon = line.indexOf(':');
                        String value = line.substring(colon + 1);
                        block.merge(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value, (a, b) -> a + "\n" + b);
                    }
                }
            } catch (java.io.IOException ignored) {
                // closed
            }
        }

        /** @return the next event block, skipping heartbeat comments */
        Map<String, String> next() throws InterruptedException {
            // heartbeats do not extend the wait: an event that never comes fails the test within 20 s
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                Map<String, String> block = blocks.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(block).as("an SSE event within 20 s").isNotNull();
                if (!block.containsKey("data") && block.containsKey(":")) {
                    continue;
                }
                return block;
            }
        }

        /** @return the next event block within the time, heartbeats skipped, or null */
        Map<String, String> poll(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                long left = deadline - System.nanoTime();
                Map<String, String> block = blocks.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (block == null || block.containsKey("data")) {
                    return block;
                }
            }
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    static HttpResponse<InputStream> open(String query, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rt.http("/connection/sse" + query)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    static Stream stream(String query, String... headers) throws Exception {
        HttpResponse<InputStream> response = open(query, headers);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        return new Stream(response.body());
    }

    static String created(String guid) {
        return "{\"version\":\"v3-beta\",\"event\":\"job.created\",\"guid\":\"" + guid + "\",\"status\":\"queueing\",\"url\":null}";
    }

    static void assertEvent(Map<String, String> block, long offset, String channel) throws Exception {
        assertThat(block).containsEntry("id", Long.toString(offset)).containsEntry("event", "job.created");
        JsonNode data = JSON.readTree(block.get("data"));
        assertThat(data.get("offset").asLong()).isEqualTo(offset);
        assertThat(data.get("channel").asText()).isEqualTo(channel);
        assertThat(data.get("event").asText()).isEqualTo("job.created");
    }

    @Test
    void streamsTheUsersEventsWithIdsAndRecoversWithLastEventId() throws Exception {
        String user = UUID.randomUUID().toString();
        String token = keys.token(user, "acme", List.of(), Duration.ofMinutes(5));
        String channel = "exports:" + user;
        long a;
        long b;
        try (Stream sse = stream("", "Authorization", "Bearer " + token)) {
            Map<String, String> connected = sse.next();
            assertThat(connected).containsEntry("event", "connected").doesNotContainKey("id");
            assertThat(JSON.readTree(connected.get("data")).get("channels").toString()).contains(channel);
            a = rt.publish(channel, created("g-1"));
            b = rt.publish(channel, created("g-2"));
            assertEvent(sse.next(), a, channel);
            assertEvent(sse.next(), b, channel);
            // heartbeats keep the idle stream open
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> sse.blocks.stream().anyMatch(block -> "heartbeat".equals(block.get(":"))) || hasHeartbeat(sse));
        }
        long c = rt.publish(channel, created("g-3"));
        long d = rt.publish(channel, created("g-4"));
        try (Stream again = stream("", "Authorization", "Bearer " + token, "Last-Event-ID", Long.toString(b))) {
            Map<String, String> connected = again.next();
            assertThat(JSON.readTree(connected.get("data")).get("recovered").asBoolean()).isTrue();
            assertEvent(again.next(), c, channel);
            assertEvent(again.next(), d, channel);
            assertThat(again.poll(500)).isNull();
            long e = rt.publish(channel, created("g-5"));
            assertEvent(again.next(), e, channel);
        }
        // ?lastEventId= and ?token= for clients that cannot set headers
        try (Stream query = stream("?token=" + token + "&lastEventId=" + c)) {
            query.next();
            assertEvent(query.next(), d, channel);
        }
    }

    private static boolean hasHeartbeat(Stream sse) throws InterruptedException {
        Map<String, String> block = sse.blocks.poll(100, TimeUnit.MILLISECONDS);
        return block != null && "heartbeat".equals(block.get(":"));
    }

    @Test
    void addsPermittedChannelsAndRefusesOthersBeforeTheStream() throws Exception {
        String user = UUID.randomUUID().toString();
        String token = keys.token(user, "acme", List.of("export.g9.job"), Duration.ofMinutes(5));
        try (Stream sse = stream("?channel=export.g9.job", "Cookie", "herald_session=" + token)) {
            sse.next();
            long offset = rt.publish("export.g9.job", created("g9"));
            assertEvent(sse.next(), offset, "export.g9.job");
        }
        assertProblem(open(""), 401, "unauthorized");
        assertProblem(open("", "Authorization", "Bearer nope"), 401, "unauthorized");
        assertProblem(open("?channel=exports:" + UUID.randomUUID(), "Authorization", "Bearer " + token), 403, "forbidden");
        assertProblem(open("?channel=bad%20name", "Authorization", "Bearer " + token), 400, "invalid-channel");
        assertProblem(open("", "Authorization", "Bearer " + token, "Last-Event-ID", "x"), 400, "invalid-request");
    }

    static void assertProblem(HttpResponse<InputStream> response, int status, String type) throws Exception {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(body).get("type").asText()).endsWith("/" + type);
    }
}
