package io.herald.realtime.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.realtime.TestKeys;
import io.herald.testsupport.NatsServerProcess;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * realtime-service started while NATS is down starts anyway (readiness down, publishing refused with 503), and once
 * NATS comes up 8 s later it becomes ready and publishes, with no restart.
 */
class LateNatsIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> publish(EmbeddedServer server, String key) throws Exception {
        String body = "{\"channel\":\"order_changes@t1\",\"data\":{\"event\":\"order:created\",\"data\":{\"id\":\"1\"},"
            + "\"timestamp\":\"2026-12-01T00:00:00Z\"}}";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/api/publish"))
            .header("Authorization", "apikey " + key).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void natsUpEightSecondsAfterStartMakesTheServiceReadyAndPublishingWorksWithoutARestart() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String key = "late-key-" + run;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (TestKeys keys = new TestKeys(); NatsServerProcess nats = NatsServerProcess.onFreePort();
             EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                 "micronaut.server.port", -1,
                 "herald.realtime.nats-url", nats.url(),
                 "herald.realtime.stream", "HERALD_LATE_" + run,
                 "herald.realtime.subject-prefix", "herald_late_" + run,
                 "herald.token.jwks-url", keys.jwksUrl(),
                 "herald.realtime.api.server-api-keys", key))) {
            assertThat(get(server, "/health/readiness").statusCode()).isEqualTo(503);
            assertThat(publish(server, key).statusCode()).isEqualTo(503);

            long natsStarted = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            timer.schedule(nats::start, 8, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(server, "/health/readiness").statusCode() == 200);
            Duration readyAfterNats = Duration.ofNanos(System.nanoTime() - natsStarted);
            assertThat(readyAfterNats).isLessThan(Duration.ofSeconds(20));
            System.out.println("ready " + readyAfterNats.toMillis() + " ms after NATS started");

            HttpResponse<String> published = publish(server, key);
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            assertThat(get(server, "/health").body()).contains("\"nats\"");
        } finally {
            timer.shutdownNow();
        }
    }
}
