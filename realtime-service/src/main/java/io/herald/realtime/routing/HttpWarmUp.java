package io.herald.realtime.routing;

import io.herald.realtime.api.ApiConfiguration;
import io.herald.schema.EventCatalog;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the server's own {@code POST /api/validate} the catalogue's examples a few thousand times over loopback right
 * after start-up, so the JIT compiles the HTTP API's path (the HTTP codec, routing, filters, argument binding, the
 * JSON parser, the contract check, the response) before the first real publishes. Without it, on a one-core server
 * receiving 1,000 publishes a second, the JIT compiler was still taking a quarter of the core 20–40 s after start-up
 * (the framework's methods run once per request, so they reach the optimising compiler's thresholds only after
 * thousands of requests). {@code /api/validate} publishes nothing; the requests are counted in the HTTP metrics of
 * that route like any others.
 *
 * <p>{@code herald.realtime.warm-up.requests} (default 10,000; 0 turns it off). It runs only when a server API key is
 * configured (the route needs one) and the server speaks plain HTTP, and not in tests.
 */
@Singleton
@Requires(notEnv = Environment.TEST)
@Requires(property = "herald.realtime.warm-up.requests", notEquals = "0")
final class HttpWarmUp implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWarmUp.class);

    private final EventCatalog catalog;
    private final ApiConfiguration api;
    private final int requests;

    HttpWarmUp(EventCatalog catalog, ApiConfiguration api, @Value("${herald.realtime.warm-up.requests:10000}") int requests) {
        this.catalog = catalog;
        this.api = api;
        this.requests = requests;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        EmbeddedServer server = event.getSource();
        if (api.serverApiKeys().isEmpty() || !"http".equals(server.getScheme())) {
            return;
        }
        Thread thread = new Thread(() -> run(server.getPort()), "herald-http-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return how many requests were answered 200 */
    int run(int port) {
        long start = System.nanoTime();
        List<JitWarmUp.Sample> samples = JitWarmUp.samples(catalog);
        if (samples.isEmpty()) {
            return 0;
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/validate");
        String key = api.serverApiKeys().get(0);
        int ok = 0;
        try {
            for (int i = 0; i < requests; i++) {
                JitWarmUp.Sample sample = samples.get(i % samples.size());
                String body = "{\"channel\":\"" + sample.channel() + "\",\"data\":"
                    + new String(sample.json(), StandardCharsets.UTF_8) + "}";
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json").header("X-API-Key", key)
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    LOG.debug("HTTP warm-up stopped: /api/validate answered {}", response.statusCode());
                    return ok;
                }
                ok++;
            }
            LOG.info("JIT warm-up: {} requests to POST /api/validate in {} ms", ok, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            // only a missed optimisation: the service works the same without it (e.g. bound to another address)
            LOG.debug("HTTP warm-up stopped: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ok;
    }
}
