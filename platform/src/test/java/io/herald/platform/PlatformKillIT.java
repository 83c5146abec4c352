package io.herald.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A platform killed with {@code kill -9} (no shutdown hook runs) leaves no PostgreSQL behind: its watchdog stops the
 * embedded server at once; and when the watchdog was killed too, the next start on the same state directory stops
 * the left-over server before starting its own, so exactly one server runs in the data directory afterwards. A
 * second platform on a state directory in use is refused.
 */
class PlatformKillIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private PlatformProcess platform;
    private Path data;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (data != null) {
            // Never leave a server behind, whatever failed above.
            postmasters(data).forEach(ProcessHandle::destroy);
        }
    }

    @Test
    void noPostgresOutlivesAKilledPlatform() throws Exception {
        Path home = Files.createDirectories(Path.of("target", "kill-it", UUID.randomUUID().toString()).toAbsolutePath());
        data = home.resolve("postgres");
        platform = new PlatformProcess(home, PlatformProcess.env());
        platform.start();
        long first = postmasterPid(data);
        assertThat(postmasters(data)).extracting(ProcessHandle::pid).containsExactly(first);

        // kill -9 of the platform alone: its watchdog stops the server.
        platform.kill();
        await().atMost(PATIENCE).until(() -> postmasters(data).isEmpty());

        // kill -9 of the platform and of its watchdog: the server is left running ...
        platform.start();
        long second = postmasterPid(data);
        assertThat(second).isNotEqualTo(first);
        List<ProcessHandle> watchdogs = ProcessHandle.of(platform.pid()).orElseThrow().children()
            .filter(child -> child.info().commandLine().orElse("").contains("herald-postgres-watchdog")).toList();
        assertThat(watchdogs).as("the platform's watchdog process").hasSize(1);
        watchdogs.forEach(ProcessHandle::destroyForcibly);
        await().atMost(PATIENCE).until(() -> !watchdogs.get(0).isAlive());
        platform.kill();
        assertThat(ProcessHandle.of(second).filter(ProcessHandle::isAlive)).as("the orphaned server").isPresent();

        // ... and the next start stops it, then starts its own: one server in the data directory.
        platform.start();
        long third = postmasterPid(data);
        assertThat(ProcessHandle.of(second).filter(ProcessHandle::isAlive)).as("the orphan after the restart").isEmpty();
        assertThat(postmasters(data)).extracting(ProcessHandle::pid).containsExactly(third);
        assertThat(Files.readString(home.resolve("platform.log"), StandardCharsets.UTF_8))
            .contains("was left running in " + data);

        // A second platform on the same state directory is refused, naming the running one; the first runs on.
        PlatformProcess intruder = new PlatformProcess(home, PlatformProcess.env());
        assertThat(intruder.startExpectingExit(Duration.ofMinutes(2))).isEqualTo(1);
        assertThat(Files.readString(home.resolve("platform.log"), StandardCharsets.UTF_8))
            .contains("another Herald platform (pid " + platform.pid() + ") is running with the state directory " + home);
        assertThat(postmasters(data)).extracting(ProcessHandle::pid).containsExactly(third);
        assertThat(platform.get("/health")).contains("UP");

        // A normal stop leaves nothing either.
        platform.stop();
        await().atMost(PATIENCE).until(() -> postmasters(data).isEmpty());
    }

    /** The pid in {@code postmaster.pid}: the running server's. */
    private static long postmasterPid(Path data) throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    /** Every PostgreSQL server process (not its workers, which rename themselves) running in {@code data}. */
    private static List<ProcessHandle> postmasters(Path data) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
            .filter(c -> c.contains("/postgres ") && c.contains(" -D " + data + " ")).isPresent()).toList();
    }
}
