package io.herald.webhook.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.testsupport.TestNats;
import io.herald.testsupport.TestPostgres;
import io.herald.webhook.support.AuthStub;
import io.herald.webhook.support.Receiver;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar killed with SIGKILL while a delivery is in flight: started again with default settings, it
 * resumes the interrupted attempt within seconds (its lease, renewed while the request ran, runs out quickly) and
 * the receiver sees the same {@code webhook-id} again, which is how it deduplicates.
 */
class KillResumeIT {

    private static final Path JAR = Path.of("target", "webhook-audit-0.1.0.jar");

    @Test
    void anAttemptInFlightAtKillMinus9IsResumedWithinSecondsOfStartUp() throws Exception {
        try (TestPostgres.Database db = TestPostgres.newDatabase("kill");
             TestNats.Run run = TestNats.newRun("kill");
             AuthStub auth = new AuthStub();
             Receiver rx = new Receiver();
             Connection nats = Nats.connect(run.url())) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Map<String, String> env = new HashMap<>();
            env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            env.put("HERALD_WEBHOOK_SECRET_KEY", Base64.getEncoder().encodeToString(new byte[32]));
            env.put("HERALD_JDBC_URL", db.jdbcUrl());
            env.put("HERALD_JDBC_USER", db.user());
            env.put("HERALD_JDBC_PASSWORD", db.password());
            env.put("HERALD_NATS_URL", run.url());
            env.put("HERALD_STREAM", run.stream());
            env.put("HERALD_SUBJECT_PREFIX", run.prefix());
            env.put("HERALD_AUTH_JWKS_URL", auth.url() + "/keys");
            env.put("HERALD_AUTH_URL", auth.url());
            env.put("HERALD_WEBHOOK_ALLOW_SUBNETS", "127.0.0.0/8");
            Path log = Files.createTempFile("webhook-kill", ".log");
            HttpClient http = HttpClient.newHttpClient();
            String user = UUID.randomUUID().toString();

            Process first = start(env, log);
            try {
                awaitReady(http, port);
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/webhooks"))
                    .header("Authorization", "Bearer " + auth.token(user, "t1"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + rx.url("/slow")
                        + "\",\"events\":[\"job.finished\"]}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                // the receiver holds the first request open: the attempt is in flight when the process dies
                rx.script("/slow", new Receiver.Reply(200, Map.of(), "ok", 25_000));
                nats.jetStream().publish(run.subject("exports:" + user), ("{\"version\":\"v3-beta\",\"event\":"
                    + "\"job.finished\",\"guid\":\"g\",\"status\":\"done\",\"url\":null,\"details\":null}")
                    .getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(30)).until(() -> rx.requests("/slow").size() == 1);
            } finally {
                first.destroyForcibly();
                first.waitFor(20, TimeUnit.SECONDS);
            }

            Process second = start(env, log);
            try {
                awaitReady(http, port);
                long ready = System.nanoTime();
                await().atMost(Duration.ofSeconds(45)).until(() -> rx.requests("/slow").size() >= 2);
                Duration resumedAfter = Duration.ofNanos(System.nanoTime() - ready);
                System.out.println("interrupted attempt resumed " + resumedAfter.toMillis() + " ms after start-up");
                List<Receiver.Request> got = rx.requests("/slow");
                assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"), "same webhook-id");
                assertTrue(resumedAfter.compareTo(Duration.ofSeconds(45)) < 0);
            } finally {
                second.destroy();
                second.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static Process start(Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
            JAR.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void awaitReady(HttpClient http, int port) {
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
}
