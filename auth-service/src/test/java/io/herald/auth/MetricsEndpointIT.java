package io.herald.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.testsupport.ServiceJar;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar ({@code target/auth-service-<version>.jar}) run alone answers {@code GET /metrics} without
 * credentials in the Prometheus text format — the path a Prometheus server scrapes by default. Cheap on purpose: the
 * database and NATS point at a closed port, so nothing but the JVM starts.
 */
class MetricsEndpointIT {

    /** What the service needs to start at all. */
    private static final Map<String, String> REQUIRED = Map.of("HERALD_ADMIN_KEY", "admin-key-0123456789abcdef",
        "HERALD_SERVER_API_KEY", "server-key-0123456789abcdef",
        "HERALD_AUTH_KEY_ENCRYPTION_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    @Test
    void metricsAnswerPrometheusTextToAnonymousCallers() throws Exception {
        try (ServiceJar service = ServiceJar.start("auth-service", REQUIRED)) {
            HttpResponse<String> metrics = service.get("/metrics");
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                metrics.headers().map().toString());
            assertTrue(metrics.body().contains("# TYPE jvm_memory_used_bytes gauge"), metrics.body());
            assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_count{")
                && l.contains("uri=\"/health\"")), "the /health probes are counted: " + metrics.body());
            assertEquals(200, service.get("/prometheus").statusCode(), "/prometheus stays");
        }
    }
}
