package io.herald.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar ({@code target/webhook-audit-<version>.jar}) run alone answers {@code GET /metrics} without credentials
 * in the Prometheus text format — the path a Prometheus server scrapes by default. Cheap on purpose: the
 * database and NATS point at a closed port (the service keeps running and reports them down), so nothing but the
 * JVM starts.
 */
class MetricsEndpointIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void metricsAnswerPrometheusTextToAnonymousCallers() throws Exception {
        int port = freePort();
        int closed = freePort();
        Path log = Files.createTempFile("webhook-audit-metrics", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar().toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_") || name.startsWith("MICRONAUT_"));
        builder.environment().putAll(Map.of(
            "MICRONAUT_SERVER_PORT", String.valueOf(port),
            "HERALD_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/herald",
            "HERALD_NATS_URL", "nats://127.0.0.1:" + closed));
        builder.environment().putAll(REQUIRED);
        Process process = builder.start();
        try {
            String base = "http://127.0.0.1:" + port;
            // Up (or down: the database is unreachable) — either way the server answers.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .failFast("webhook-audit exited; see " + log, () -> !process.isAlive())
                .until(() -> get(base + "/health").statusCode() > 0);

            HttpResponse<String> metrics = get(base + "/metrics");
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                metrics.headers().map().toString());
            assertTrue(metrics.body().contains("# TYPE jvm_memory_used_bytes gauge"), metrics.body());
            assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_count{")
                && l.contains("uri=\"/health\"")), "the /health probes are counted: " + metrics.body());
            assertEquals(200, get(base + "/prometheus").statusCode(), "/prometheus stays");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** The shaded runnable jar the package phase writes beside the plain {@code -classes.jar}. */
    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("webhook-audit-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException("webhook-audit jar not built (run package)"))
                .toAbsolutePath();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** What the service needs to start at all. */
    private static final Map<String, String> REQUIRED = Map.of("HERALD_WEBHOOK_SECRET_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
}
