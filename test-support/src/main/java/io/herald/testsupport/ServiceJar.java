package io.herald.testsupport;

import static org.awaitility.Awaitility.await;

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

/**
 * A service's runnable jar ({@code target/<module>-<version>.jar}, written by the package phase) started alone as a
 * process on a free port, with the caller's environment stripped of {@code HERALD_*} and {@code MICRONAUT_*} settings,
 * and the database and NATS pointed at a closed port (the service keeps running and reports them down), so nothing
 * but the JVM starts. For checks of what every service answers on its own.
 */
public final class ServiceJar implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final Process process;
    private final String base;
    private final Path log;

    private ServiceJar(String module, Process process, String base, Path log) {
        this.module = module;
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts the jar of the module whose directory is the working directory and waits until its HTTP server answers.
     *
     * @param module   the module's artifact id, e.g. {@code auth-service}
     * @param required the settings the service needs to start at all
     * @return the running service
     * @throws IOException when the jar is missing or the process cannot start
     */
    public static ServiceJar start(String module, Map<String, String> required) throws IOException {
        int port = freePort();
        int closed = freePort();
        Path log = Files.createTempFile(module, ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar(module).toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_") || name.startsWith("MICRONAUT_"));
        builder.environment().putAll(Map.of(
            "MICRONAUT_SERVER_PORT", String.valueOf(port),
            "HERALD_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/herald",
            "HERALD_NATS_URL", "nats://127.0.0.1:" + closed));
        builder.environment().putAll(required);
        ServiceJar service = new ServiceJar(module, builder.start(), "http://127.0.0.1:" + port, log);
        try {
            // up, or down because the database is unreachable: either way the server answers
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .failFast(module + " exited; see " + log, () -> !service.process.isAlive())
                .until(() -> service.get("/health").statusCode() > 0);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /**
     * @param path a path on the service, e.g. {@code /metrics}
     * @return the answer
     * @throws IOException          on a connection failure
     * @throws InterruptedException when interrupted
     */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** @return the file the process writes its output to */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shaded runnable jar the package phase writes beside the plain {@code -classes.jar}. */
    private static Path jar(String module) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches(module + "-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                .findFirst().orElseThrow(() -> new IllegalStateException(module + " jar not built (run package)"))
                .toAbsolutePath();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return module + " at " + base;
    }
}
