package io.herald.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code nats-server -js} child process on a free port with its own store directory, for tests that stop and
 * start NATS (late start, restart mid-stream). The binary is {@code HERALD_NATS_SERVER} [/usr/sbin/nats-server].
 */
public final class NatsServerProcess implements AutoCloseable {

    private final int port;
    private final Path store;
    private Process process;

    private NatsServerProcess(int port, Path store) {
        this.port = port;
        this.store = store;
    }

    /** @return a server on a free port, not yet started */
    public static NatsServerProcess onFreePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new NatsServerProcess(socket.getLocalPort(), Files.createTempDirectory("herald-nats-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return its URL (nothing may listen there yet) */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts the server (same port and store as before, so a restart keeps the streams). */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String binary = Docker.env("HERALD_NATS_SERVER", "/usr/sbin/nats-server");
        try {
            process = new ProcessBuilder(binary, "-js", "-a", "127.0.0.1", "-p", Integer.toString(port), "-sd",
                store.toString())
                .redirectErrorStream(true)
                .redirectOutput(store.resolve("server.log").toFile())
                .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    /** Stops the server abruptly (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the server and deletes its store. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(store)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // temp directory: best effort
        }
    }
}
