package io.herald.platform;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The platform as a real process started from its built jar, on a free port, with its own state directory; it can be
 * stopped (SIGTERM, as Ctrl-C does) and started again on the same port and state.
 */
final class PlatformProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path home;
    private final Map<String, String> environment;
    private final int port;
    private Process process;

    PlatformProcess(Path home, Map<String, String> environment) {
        this.jar = Path.of("target", "platform-" + System.getProperty("project.version", "0.1.0") + ".jar")
            .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("platform jar not built: " + jar + " (run the package phase first)");
        }
        this.home = home;
        this.environment = environment;
        this.port = freePort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and waits until {@code /health} is UP and the demo user exists. */
    void start() {
        launch();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
            .failFast("platform exited; see " + home.resolve("platform.log"), () -> !process.isAlive())
            .until(() -> status("/health") == 200 && status("/demo/session") == 200);
    }

    /**
     * Starts the process and waits for it to exit on its own (a start-up that must fail).
     *
     * @return its exit code
     */
    int startExpectingExit(Duration patience) throws InterruptedException {
        launch();
        try {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("platform still running after " + patience);
            }
            return process.exitValue();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** Kills the process the way {@code kill -9} does (SIGKILL: no shutdown hook runs) and waits for it to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("platform did not die on SIGKILL");
        }
        process = null;
    }

    private void launch() {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar.toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("HERALD_") || name.startsWith("MICRONAUT_"));
        env.putAll(environment);
        env.put("HERALD_HOME", home.toString());
        env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("platform.log").toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the process the way Ctrl-C does (SIGTERM: shutdown hooks run) and waits for it to exit. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("platform did not stop within 60 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** The operating-system process id of the running platform. */
    long pid() {
        return process.pid();
    }

    String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
