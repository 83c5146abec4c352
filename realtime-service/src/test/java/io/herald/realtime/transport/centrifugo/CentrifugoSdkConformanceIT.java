package io.herald.realtime.transport.centrifugo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code centrifuge} JS SDK (npm, pinned in {@code src/test/node/package-lock.json}) against the real
 * {@code /connection/websocket} of an in-process realtime-service on the local NATS: a connect with an expired ES256
 * token (error 109 → {@code getToken}), the six personal channels as server-side subscriptions, a granted
 * {@code job:} channel, 103 on another user's channel and 102 on an unknown namespace, publications with offsets from
 * {@code POST /api/publish}, history, token refresh while pings flow, disconnect → missed publications → reconnect
 * with {@code recovered: true} and exactly the missed ones in order, throttling live and recovered, unsubscribe.
 */
class CentrifugoSdkConformanceIT {

    static TestKeys keys;
    static RealtimeServer rt;
    static HttpServer tokens;
    static final String USER = UUID.randomUUID().toString();

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of(
            "herald.realtime.throttle.window", "1s",
            "herald.realtime.centrifugo.ping-interval", "2s",
            "herald.realtime.centrifugo.pong-timeout", "1s",
            "herald.realtime.centrifugo.expired-close-delay", "3s"));
        // what auth-service's POST /api/public/auth/socket does for the SDK's getToken: a fresh token for the user
        tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/token", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            long ttl = Long.parseLong(query.substring(query.indexOf("ttl=") + 4));
            byte[] body = keys.token(USER, "acme", List.of("job:*"), Duration.ofSeconds(ttl)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        tokens.start();
    }

    @AfterAll
    static void stop() throws Exception {
        tokens.stop(0);
        rt.close();
        keys.close();
    }

    @Test
    void officialSdkConnectsSubscribesRefreshesRecoversAndSeesThrottling() throws Exception {
        Path dir = prepareNode();
        String tokenUrl = "http://127.0.0.1:" + tokens.getAddress().getPort() + "/token";
        Process node = new ProcessBuilder("node", "conformance.mjs", rt.ws("/connection/websocket", null),
            rt.http(""), RealtimeServer.API_KEY, tokenUrl, USER)
            .directory(dir.toFile()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append(e);
            }
        });
        reader.start();
        boolean finished = node.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        reader.join(5000);
        System.out.println(out);
        assertThat(finished).as("node driver timed out:\n" + out).isTrue();
        assertThat(node.exitValue()).as("node driver failed:\n" + out).isZero();
        assertThat(out.toString()).contains("RESULT {\"ok\":true");
    }

    /** Copies the driver, package.json and package-lock.json to target/ and runs {@code npm ci} there once. */
    static Path prepareNode() throws Exception {
        Path src = Path.of("src", "test", "node");
        Path dir = Path.of("target", "node-conformance");
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", "conformance.mjs")) {
            Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("centrifuge"))) {
            // Never inheritIO(): npm would share (and set non-blocking) the fork's stdin/stdout, which Surefire uses
            // as its channel to Maven ("std/in stream corrupted").
            Path log = dir.resolve("npm-ci.log");
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            assertThat(npm.waitFor(180, TimeUnit.SECONDS)).as("npm ci timed out").isTrue();
            assertThat(npm.exitValue()).as("npm ci failed:\n" + Files.readString(log)).isZero();
        }
        return dir;
    }
}
