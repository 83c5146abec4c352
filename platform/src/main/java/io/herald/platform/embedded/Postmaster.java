package io.herald.platform.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PostgreSQL server process running in a data directory, found through its {@code postmaster.pid}. */
final class Postmaster {

    private static final Logger LOG = LoggerFactory.getLogger(Postmaster.class);
    private static final long STOP_SECONDS = 30;

    private Postmaster() {
    }

    /**
     * @param dataDirectory a PostgreSQL data directory
     * @return the process id of the PostgreSQL server running in it, if one is
     */
    static Optional<Long> find(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        // The file outlives a server that crashed; its pid may since belong to another process.
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
            .filter(process -> process.info().commandLine()
                .filter(command -> command.contains("postgres") && command.contains(dataDirectory.toString()))
                .isPresent())
            .map(ProcessHandle::pid);
    }

    /**
     * Stops a PostgreSQL server left running in {@code dataDirectory} by a platform that did not stop (fast shutdown:
     * it has no clients left; killed if it does not stop within 30 s). Call only while holding the
     * {@link DataDirectoryLock}.
     *
     * @param dataDirectory the data directory
     */
    static void stopLeftover(Path dataDirectory) {
        Optional<ProcessHandle> leftover = find(dataDirectory).flatMap(ProcessHandle::of);
        if (leftover.isEmpty()) {
            return;
        }
        ProcessHandle server = leftover.get();
        LOG.warn("a PostgreSQL server (pid {}) was left running in {} by a platform that did not stop; stopping it",
            server.pid(), dataDirectory);
        if (!interrupt(server.pid())) {
            server.destroy();
        }
        try {
            server.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("the PostgreSQL server (pid {}) did not stop within {} s; killing it", server.pid(), STOP_SECONDS);
            server.destroyForcibly();
            server.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping a left-over PostgreSQL server", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot stop the left-over PostgreSQL server " + server.pid(), e);
        }
    }

    /** SIGINT: PostgreSQL's fast shutdown (SIGTERM, all that {@link ProcessHandle} sends, waits for clients). */
    private static boolean interrupt(long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
