package io.herald.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The official {@code centrifuge} JS SDK (npm, pinned in {@code src/test/node/package-lock.json}) running
 * the export product's Quick Start in a Node process; every SDK event arrives here as one JSON line.
 */
public final class CentrifugeJsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path installed;

    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<String> otherOutput = new CopyOnWriteArrayList<>();

    private CentrifugeJsClient(Process process) {
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "centrifuge-js-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Installs the pinned npm packages once per JVM ({@code npm ci} into {@code target/node}). */
    static synchronized Path install() {
        if (installed != null) {
            return installed;
        }
        Path src = Path.of("src", "test", "node");
        Path dir = Path.of("target", "node");
        try {
            Files.createDirectories(dir);
            for (String f : List.of("package.json", "package-lock.json", "quickstart.mjs")) {
                Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!Files.isDirectory(dir.resolve("node_modules").resolve("centrifuge"))) {
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(dir.toFile()).redirectErrorStream(true).start();
                String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    throw new IllegalStateException("npm ci failed in " + dir + ":\n" + log);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        installed = dir;
        return dir;
    }

    /** Starts the Quick Start against {@code platform} with the user's API key. */
    public static CentrifugeJsClient start(Platform platform, String apiKey, Map<String, String> extraEnv) {
        Path dir = install();
        try {
            ProcessBuilder pb = new ProcessBuilder("node", "quickstart.mjs").directory(dir.toFile());
            pb.environment().put("HERALD_WS_URL", platform.realtime().wsUrl() + "/connection/websocket");
            pb.environment().put("HERALD_AUTH_URL", platform.auth().httpUrl());
            pb.environment().put("HERALD_API_KEY", apiKey);
            pb.environment().putAll(extraEnv);
            // not inherited: a child sharing the fork's stdio can corrupt Surefire's channel to Maven
            pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("node-stderr.log").toFile()));
            return new CentrifugeJsClient(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node", e);
        }
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{")) {
                    events.add(JSON.readTree(line));
                } else {
                    otherOutput.add(line);
                }
            }
        } catch (IOException e) {
            otherOutput.add("output closed: " + e);
        }
    }

    /** Sends a command to the driver script (subscribe, disconnect, connect, exit). */
    public void command(Map<String, String> cmd) {
        try {
            stdin.write(JSON.writeValueAsString(cmd) + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<JsonNode> events() {
        return new ArrayList<>(events);
    }

    public List<JsonNode> events(String kind) {
        return events.stream().filter(e -> kind.equals(e.path("kind").asText())).toList();
    }

    public JsonNode await(Predicate<JsonNode> p, Duration timeout) {
        Awaitility.await().atMost(timeout).until(() -> events.stream().anyMatch(p));
        return events.stream().filter(p).findFirst().orElseThrow();
    }

    /** The console lines of the Quick Start itself ({@code Event: job.progress {...}}). */
    public List<String> consoleLines() {
        return new ArrayList<>(otherOutput);
    }

    @Override
    public void close() {
        try {
            command(Map.of("cmd", "exit"));
        } catch (UncheckedIOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
