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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar ({@code java -jar target/webhook-audit-0.1.0.jar}, built by the package phase) against the
 * configuration contract: a missing or malformed required setting stops start-up with one line naming it; an
 * unreachable database is one clear log line, the process keeps running and readiness stays down.
 */
class StartupIT {

    private static final Path JAR = Path.of("target", "webhook-audit-0.1.0.jar");

    private static Process start(Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void missingOrMalformedSettingsStopStartUpNamingThem() throws Exception {
        Path log = Files.createTempFile("webhook-startup", ".log");
        Process p = start(Map.of("MICRONAUT_SERVER_PORT", "0"), log);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        String out = Files.readString(log).trim();
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("HERALD_WEBHOOK_SECRET_KEY"), out);

        p = start(Map.of("HERALD_WEBHOOK_SECRET_KEY", "c2hvcnQ="), log);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(Files.readString(log).contains("HERALD_WEBHOOK_SECRET_KEY must be base64 of 32 bytes"));

        p = start(Map.of("HERALD_WEBHOOK_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]),
                "HERALD_WEBHOOK_ALLOW_SUBNETS", "169.254.0.0/16"), log);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(Files.readString(log).contains("HERALD_WEBHOOK_ALLOW_SUBNETS may not include 169.254.0.0/16"));
    }

    @Test
    void unreachableDatabaseKeepsRunningWithReadinessDown() throws Exception {
        int port;
        int deadPort;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            port = a.getLocalPort();
            deadPort = b.getLocalPort();
        }
        Path log = Files.createTempFile("webhook-nodb", ".log");
        Process p = start(Map.of("MICRONAUT_SERVER_PORT", Integer.toString(port),
                "HERALD_WEBHOOK_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]),
                "HERALD_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + deadPort + "/nowhere",
                "HERALD_NATS_URL", "nats://127.0.0.1:" + deadPort), log);
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("Database unreachable or migration of schema failed")
                    && Files.readString(log).contains("is not reachable"));
            assertTrue(p.isAlive());
            String out = Files.readString(log);
            assertEquals(1, out.lines().filter(l -> l.contains("Database unreachable or migration of schema failed")).count(), "logged once");
            assertTrue(out.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + out);
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
