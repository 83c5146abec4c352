package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.Json;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read paths a page uses besides the live WebSocket. A user opens the exports page while her export runs:
 * the page subscribes with {@code "snapshot": true} and shows the job's 40 % at once, not at the job's next
 * event. Another page follows her exports over Server-Sent Events; the realtime-service is restarted under it,
 * exports keep reporting meanwhile, and the page reconnects with {@code Last-Event-ID} and receives exactly the
 * events it missed, in order, none twice.
 *
 * <p>Runs on a dedicated platform (without webhook-audit) because it restarts the realtime-service.
 */
class ReadPathsJourneyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.start(1, false, Map.of());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aPageOpenedMidJobSeesTheCurrentProgressAtOnce() {
        HeraldApi api = new HeraldApi(platform);
        User user = api.createUser("exp" + UUID.randomUUID().toString().substring(0, 8));
        String channel = user.exportsChannel();
        String guid = UUID.randomUUID().toString();
        try (NatsPublisher nats = new NatsPublisher(platform)) {
            nats.publish(channel, Events.jobCreated(guid));
            long forty = nats.publish(channel, Events.jobProgress(guid, 40, 100));

            try (WsClient page = WsClient.connect(platform.heraldWs(0, "/ws", api.socketToken(user)))) {
                page.awaitConnected(WAIT);
                page.sendJson(Map.of("type", "subscribe", "channel", channel, "snapshot", true));
                JsonNode progress = page.await(f -> channel.equals(f.path("channel").asText()) && f.path("snapshot").asBoolean()
                        && "job.progress".equals(f.path("event").asText()), WAIT);
                assertEquals(forty, progress.path("offset").asLong(), progress::toString);
                assertEquals(guid, progress.path("guid").asText(), progress::toString);
                assertEquals(40, progress.path("current").asInt(), progress::toString);
                JsonNode subscribed = page.received(WsClient.field("type", "subscribed")).stream()
                        .filter(f -> channel.equals(f.path("channel").asText())).findFirst().orElseThrow();
                assertTrue(subscribed.path("recovered").asBoolean(), () -> "the state is complete: " + subscribed);
                // The progress is shown once: no second copy of that offset reaches the page.
                assertEquals(1, page.events(channel).stream().filter(f -> f.path("offset").asLong() == forty).count(),
                        () -> "frames " + page.received());
            }
        }
    }

    @Test
    void anSseClientSurvivesARealtimeRestartWithoutLosingAnEvent() throws Exception {
        HeraldApi api = new HeraldApi(platform);
        User user = api.createUser("sse" + UUID.randomUUID().toString().substring(0, 8));
        String channel = user.exportsChannel();
        String token = api.socketToken(user);
        List<Long> published = new ArrayList<>();
        try (NatsPublisher nats = new NatsPublisher(platform)) {
            long lastSeen;
            try (SseStream sse = SseStream.open(token, null)) {
                sse.awaitConnected();
                String guid = UUID.randomUUID().toString();
                published.add(nats.publish(channel, Events.jobCreated(guid)));
                published.add(nats.publish(channel, Events.jobRequeued(guid)));
                List<SseEvent> live = sse.awaitEvents(2);
                assertEquals(published, ids(live), () -> "live events with their offsets as ids: " + live);
                for (SseEvent e : live) {
                    assertEquals(e.id(), e.data().path("offset").asLong(), e::toString);
                    assertEquals(channel, e.data().path("channel").asText(), e::toString);
                    assertEquals(e.data().path("event").asText(), e.type(), e::toString);
                }
                lastSeen = live.get(live.size() - 1).id();

                platform.realtime().stop();
                Awaitility.await().atMost(WAIT).until(sse::ended);
            }
            // While the realtime-service is down, three jobs report.
            List<Long> missed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                missed.add(nats.publish(channel, Events.jobCreated(UUID.randomUUID().toString())));
            }
            platform.realtime().start();

            try (SseStream sse = SseStream.open(token, lastSeen)) {
                JsonNode connected = sse.awaitConnected();
                assertTrue(!connected.has("recovered") || connected.path("recovered").asBoolean(),
                        () -> "the gap is complete: " + connected);
                List<SseEvent> recovered = sse.awaitEvents(missed.size());
                long live = nats.publish(channel, Events.jobRequeued(UUID.randomUUID().toString()));
                List<SseEvent> all = sse.awaitEvents(missed.size() + 1);
                List<Long> expected = new ArrayList<>(missed);
                expected.add(live);
                assertEquals(expected, ids(all), () -> "exactly the missed events in order, then live; recovered "
                        + recovered + "\n" + platform.logTails());
            }
        }
    }

    private static List<Long> ids(List<SseEvent> events) {
        return events.stream().map(SseEvent::id).toList();
    }

    /** One {@code id:}/{@code event:}/{@code data:} block of the stream ({@code id} -1 when the block had none). */
    record SseEvent(long id, String type, JsonNode data) {
    }

    /** {@code GET /connection/sse} read line by line on a background thread. */
    static final class SseStream implements AutoCloseable {
        private final List<SseEvent> blocks = new CopyOnWriteArrayList<>();
        private final Thread reader;
        private volatile boolean ended;
        private volatile Stream<String> lines;

        private SseStream(HttpRequest request) {
            reader = new Thread(() -> read(request), "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static SseStream open(String token, Long lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(platform.realtime().httpUrl() + "/connection/sse"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", Long.toString(lastEventId));
            }
            return new SseStream(request.GET().build());
        }

        private void read(HttpRequest request) {
            try {
                HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    blocks.add(new SseEvent(-2, "status " + response.statusCode(), Json.object()));
                    response.body().close();
                    return;
                }
                lines = response.body();
                long id = -1;
                String type = "message";
                StringBuilder data = new StringBuilder();
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            blocks.add(new SseEvent(id, type, Json.read(data.toString())));
                        }
                        id = -1;
                        type = "message";
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = Long.parseLong(line.substring(3).trim());
                    } else if (line.startsWith("event:")) {
                        type = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).stripLeading());
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // the server went away: the stream has ended
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ended = true;
            }
        }

        boolean ended() {
            return ended;
        }

        JsonNode awaitConnected() {
            try {
                Awaitility.await().atMost(WAIT).until(() -> blocks.stream().anyMatch(b -> b.id() == -2 || "connected".equals(b.type())));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no connected event; blocks " + blocks + "\n" + platform.logTails(), e);
            }
            SseEvent first = blocks.stream().filter(b -> b.id() == -2 || "connected".equals(b.type())).findFirst().orElseThrow();
            assertTrue(first.id() != -2, () -> "the stream was refused: " + first.type());
            return first.data();
        }

        /** Events with an {@code id:} (the connected event and late progress have none). */
        List<SseEvent> events() {
            return blocks.stream().filter(b -> b.id() >= 0).toList();
        }

        List<SseEvent> awaitEvents(int count) {
            try {
                Awaitility.await().atMost(WAIT).until(() -> events().size() >= count);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("expected " + count + " events, got " + blocks + "\n" + platform.logTails(), e);
            }
            return events();
        }

        @Override
        public void close() {
            Stream<String> s = lines;
            if (s != null) {
                s.close();
            }
            reader.interrupt();
        }
    }
}
