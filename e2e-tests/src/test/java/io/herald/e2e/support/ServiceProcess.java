package io.herald.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One Herald service running as a separate JVM from its built jar, with its output captured to a log
 * file under {@code target/e2e-logs}. Can be stopped gracefully, killed (SIGKILL) and started again on
 * the same port with the same environment.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final Path logDir;
    private Process process;
    private Path currentLog;
    private int starts;

    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path logDir) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.logDir = logDir;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + port;
    }

    /** Starts the JVM and waits until {@code /health} answers 200 (at most 90 s). */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Path runnable = ServiceJars.snapshot(jar);
        try {
            Files.createDirectories(logDir);
            currentLog = logDir.resolve(name + "-" + (++starts) + ".log");
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Xmx384m");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-jar");
            cmd.add(runnable.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(currentLog.toFile());
            pb.environment().putAll(environment);
            pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        awaitHealthy(Duration.ofSeconds(90));
    }

    private void awaitHealthy(Duration timeout) {
        try {
            Awaitility.await(name + " healthy").atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + logTail(60));
                }
                return healthy();
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " not healthy after " + timeout + "\n" + logTail(60), e);
        }
    }

    /** Whether {@code GET /health} answers 200 now. */
    public boolean healthy() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Graceful stop (SIGTERM), waiting for the process to exit. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** The last lines of the current log, for failure messages. */
    public String logTail(int lines) {
        if (currentLog == null || !Files.exists(currentLog)) {
            return "(no log)";
        }
        try {
            List<String> all = Files.readAllLines(currentLog);
            return "---- " + currentLog + " ----\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The whole current log (for asserting that secrets never appear in it). */
    public String log() {
        try {
            return currentLog == null ? "" : Files.readString(currentLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
