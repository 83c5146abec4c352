package io.herald.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's main journeys against the platform jar in its default configuration — in-memory bus, embedded
 * PostgreSQL, nothing set but its port and state directory — all on its one port: a user is created with the admin
 * key, exchanges its API key for a socket token and watches an export job over {@code /ws} (progress thinned by the
 * throttle, the first progress at once, every other event in order); then a webhook endpoint of that user receives a
 * signed {@code job.finished}, first answered 500 and retried with the same {@code webhook-id}, and the audit shows
 * both attempts. The platform process must never connect to the machine's NATS (4222) or PostgreSQL (5432).
 */
class PlatformJourneyIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern EVENT = Pattern.compile("\"event\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CURRENT = Pattern.compile("\"current\"\\s*:\\s*(\\d+)");

    private static Path home;
    private static PlatformProcess platform;
    private static String adminKey;
    private static String serverKey;

    @BeforeAll
    static void start() throws Exception {
        // Under target/, not a temporary directory: the platform's log stays there for a failed run.
        home = Files.createDirectories(Path.of("target", "journey-it", UUID.randomUUID().toString()).toAbsolutePath());
        platform = new PlatformProcess(home, PlatformProcess.env(
            "HERALD_THROTTLE_WINDOW", "PT" + WINDOW.toSeconds() + "S",
            "HERALD_WEBHOOK_ALLOW_SUBNETS", "127.0.0.0/8"));
        platform.start();
        adminKey = Files.readString(home.resolve("admin.key")).strip();
        serverKey = Files.readString(home.resolve("server.key")).strip();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void exportJourneyThrottlingAndSignedWebhookWithRetryOnOnePort() throws Exception {
        // A user, created with the admin key; its API key buys a socket token.
        String created = call("POST", "/api/admin/users", "apikey " + adminKey,
            "{\"email\":\"journey-" + UUID.randomUUID() + "@platform.example\",\"tenant\":\"journey\"}", 201);
        String user = field(created, "uuid");
        String apiKey = field(created, "apiKey");
        String token = field(call("POST", "/api/public/auth/socket", null, "", 200, "X-AUTH-TOKEN", apiKey), "token");
        String channel = "exports:" + user;

        // The user's own exports channel is joined on connect.
        // Beside it, the export Quick Start on the official centrifuge SDK (Centrifugo protocol, same port).
        Process sdk = startQuickStart(apiKey);
        Frames frames = new Frames();
        WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create(platform.baseUrl().replace("http", "ws") + "/ws?token=" + token), frames)
            .get();
        try {
            await().atMost(PATIENCE).until(() -> frames.any("\"connected\""));
            await().atMost(PATIENCE).until(() -> frames.any("\"subscribed\"") || frames.any("\"" + channel + "\""));
            await().atMost(PATIENCE).until(() -> sdkLines().stream()
                .anyMatch(l -> l.contains("\"kind\":\"subscribed\"") && l.contains(channel)));

            String job = UUID.randomUUID().toString();
            publish(channel, export("job.created", job, "queueing", null));
            for (int i = 1; i <= 10; i++) {
                publish(channel, export("job.progress", job, "progress", i));
            }
            publish(channel, export("job.finished", job, "done", null));

            await().atMost(PATIENCE).until(() -> events(frames, job).contains("job.finished"));
            // A trailing progress would be a bug after job.finished: watch one more window.
            await().pollDelay(WINDOW).atMost(WINDOW.multipliedBy(3)).until(() -> true);
            List<String> seen = frames.forJob(job);
            List<String> types = seen.stream().map(f -> match(EVENT, f)).toList();
            assertThat(types.get(0)).as("first event, all: %s", types).isEqualTo("job.created");
            assertThat(types.get(types.size() - 1)).as("last event, all: %s", types).isEqualTo("job.finished");
            List<Integer> progress = seen.stream().filter(f -> "job.progress".equals(match(EVENT, f)))
                .map(f -> Integer.parseInt(match(CURRENT, f))).toList();
            assertThat(progress).as("thinned progress, in order, the first delivered at once")
                .isNotEmpty().hasSizeLessThan(10).isSorted().startsWith(1);
            assertThat(types.stream().filter(t -> !t.equals("job.progress")).toList())
                .containsExactly("job.created", "job.finished");

            // The SDK receives the same thinned sequence as publications of the user's channel.
            await().atMost(PATIENCE).until(() -> sdkLines().stream()
                .anyMatch(l -> l.contains("\"kind\":\"publication\"") && l.contains(job) && l.contains("job.finished")));
            List<String> sdkSeen = sdkLines().stream()
                .filter(l -> l.contains("\"kind\":\"publication\"") && l.contains(job)).toList();
            assertThat(sdkSeen.stream().map(l -> match(EVENT, l)).filter(t -> !t.equals("job.progress")).toList())
                .as("centrifuge SDK publications: %s", sdkSeen).containsExactly("job.created", "job.finished");
            assertThat(match(EVENT, sdkSeen.get(sdkSeen.size() - 1))).isEqualTo("job.finished");
            assertThat(sdkSeen.stream().filter(l -> l.contains("job.progress"))
                .map(l -> Integer.parseInt(match(CURRENT, l))).toList())
                .as("thinned progress over the SDK").isNotEmpty().hasSizeLessThan(10).isSorted().startsWith(1);
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            sdk.destroy();
        }

        // A webhook endpoint of that user; the receiver fails the first attempt of each message with 500.
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                var headers = exchange.getRequestHeaders();
                Received r = new Received(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"), body);
                boolean first = received.stream().noneMatch(previous -> previous.id().equals(r.id()));
                received.add(r);
                exchange.sendResponseHeaders(first ? 500 : 200, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            String endpoint = call("POST", "/api/webhooks", "apikey " + apiKey,
                "{\"url\":\"" + url + "\",\"events\":[\"job.finished\"]}", 201);
            String endpointId = field(endpoint, "id");
            String secret = field(endpoint, "secret");

            String job = UUID.randomUUID().toString();
            publish(channel, export("job.finished", job, "done", null));
            // The retry schedule's second step is 5 s (± jitter).
            await().atMost(PATIENCE).until(() -> received.stream().filter(r -> r.body().contains(job)).count() >= 2);
            List<Received> attempts = received.stream().filter(r -> r.body().contains(job)).toList();
            assertThat(attempts).hasSize(2);
            assertThat(attempts.get(0).id()).isNotBlank().isEqualTo(attempts.get(1).id());
            for (Received attempt : attempts) {
                assertThat(attempt.signature().split(" "))
                    .as("webhook-signature of %s", attempt.id())
                    .contains(sign(secret, attempt.id(), attempt.timestamp(), attempt.body()));
            }

            await().atMost(PATIENCE).until(() -> {
                String audit = call("GET", "/api/webhooks/" + endpointId + "/deliveries", "apikey " + apiKey, null, 200);
                return audit.contains(attempts.get(0).id()) && audit.matches("(?s).*\"responseCode\"\\s*:\\s*\"?500.*")
                    && audit.matches("(?s).*\"responseCode\"\\s*:\\s*\"?200.*")
                    && audit.matches("(?s).*\"status\"\\s*:\\s*\"failed\".*")
                    && audit.matches("(?s).*\"status\"\\s*:\\s*\"success\".*");
            });
        } finally {
            receiver.stop(0);
        }

        assertThat(remotePorts(platform.pid()))
            .as("the default platform connects to no local NATS or PostgreSQL").doesNotContain(4222, 5432);
    }

    /**
     * The export Quick Start ({@code quickstart.mjs}, the official {@code centrifuge} npm package pinned by its lock
     * file) from the e2e module's Node harness, installed once into {@code target/node}; its JSON lines go to
     * {@code sdk.out} in the state directory.
     */
    private static Process startQuickStart(String apiKey) throws Exception {
        Path src = Path.of("..", "e2e-tests", "src", "test", "node");
        Path dir = Files.createDirectories(Path.of("target", "node"));
        for (String file : List.of("package.json", "package-lock.json", "quickstart.mjs")) {
            Files.copy(src.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("centrifuge"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("npm.log").toFile())).start();
            assertThat(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0)
                .as("npm ci in %s, see npm.log", dir).isTrue();
        }
        ProcessBuilder node = new ProcessBuilder("node", "quickstart.mjs").directory(dir.toFile());
        node.environment().put("HERALD_WS_URL", platform.baseUrl().replace("http", "ws") + "/connection/websocket");
        node.environment().put("HERALD_AUTH_URL", platform.baseUrl());
        node.environment().put("HERALD_API_KEY", apiKey);
        node.redirectOutput(home.resolve("sdk.out").toFile());
        node.redirectError(home.resolve("sdk.err").toFile());
        return node.start();
    }

    private static List<String> sdkLines() throws IOException {
        return Files.readAllLines(home.resolve("sdk.out")).stream().filter(l -> l.startsWith("{")).toList();
    }

    private record Received(String id, String timestamp, String signature, String body) {
    }

    /** Every text frame of the socket, in arrival order. */
    private static final class Frames implements WebSocket.Listener {
        private final List<String> all = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                all.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        boolean any(String fragment) {
            return all.stream().anyMatch(f -> f.contains(fragment));
        }

        List<String> forJob(String job) {
            return all.stream().filter(f -> f.contains(job) && EVENT.matcher(f).find()).toList();
        }
    }

    private static List<String> events(Frames frames, String job) {
        return frames.forJob(job).stream().map(f -> match(EVENT, f)).toList();
    }

    private static String export(String event, String job, String status, Integer current) {
        String progress = current == null ? "" : ",\"current\":" + current + ",\"total\":10";
        return "{\"version\":\"v3-beta\",\"event\":\"" + event + "\",\"guid\":\"" + job + "\",\"status\":\"" + status
            + "\",\"url\":null" + progress + ",\"details\":{\"guid\":\"" + job + "\",\"status\":\"" + status + "\"}}";
    }

    @Test
    void theServerApiOfRealtimeAnswersOnThePlatformPortWithTheServerKeyOnly() throws Exception {
        String event = "{\"event\":\"order:updated\",\"data\":{\"id\":1,\"changed_fields\":{\"status\":\"paid\"}},"
            + "\"timestamp\":\"2026-01-25T10:30:00.000Z\"}";
        String valid = call("POST", "/api/validate", "apikey " + serverKey,
            "{\"channel\":\"order_changes@acme\",\"data\":" + event + "}", 200);
        assertThat(valid).contains("\"valid\":true");
        call("POST", "/api/validate", "apikey not-the-key", "{\"channel\":\"order_changes@acme\",\"data\":" + event + "}", 401);
        String disconnected = call("POST", "/api/disconnect", "apikey " + serverKey,
            "{\"user\":\"" + UUID.randomUUID() + "\"}", 202);
        assertThat(disconnected).contains("\"status\":\"accepted\"");
        call("POST", "/api/disconnect", null, "{\"user\":\"" + UUID.randomUUID() + "\"}", 401);
    }

    private static void publish(String channel, String event) throws Exception {
        call("POST", "/api/publish", "apikey " + serverKey,
            "{\"channel\":\"" + channel + "\",\"data\":" + event + "}", 200);
    }

    private static String call(String method, String path, String authorization, String body, int expected,
                               String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s answered %s", method, path, response.body()).isEqualTo(expected);
        return response.body();
    }

    private static String field(String json, String name) {
        return match(Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\""), json);
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError(pattern + " not found in " + text);
        }
        return m.group(1);
    }

    /** Standard Webhooks: {@code v1,} + base64 HMAC-SHA256 of {@code id.timestamp.body} under the decoded secret. */
    private static String sign(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
            mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** Remote TCP ports of the sockets the process {@code pid} holds (Linux: its fds matched against /proc/net/tcp*). */
    private static Set<Integer> remotePorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] cols = line.trim().split("\\s+");
                if (inodes.contains(cols[9])) {
                    ports.add(Integer.parseInt(cols[2].substring(cols[2].indexOf(':') + 1).toUpperCase(Locale.ROOT), 16));
                }
            }
        }
        assertThat(inodes).as("the process's sockets are readable").isNotEmpty();
        return ports;
    }
}
