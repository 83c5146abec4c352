package io.herald.platform.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 14 server started as a child process of the platform, its data kept in a directory across
 * restarts. The services run the same Flyway migrations against it as against a production database.
 *
 * <p>Stopping is the caller's job ({@link #close()}, from the platform's shutdown hook after the application
 * context closed its connection pools): the library's own shutdown hook would race the context's and stop the
 * server under live connections.
 *
 * <p>No server outlives its platform, even one killed with {@code kill -9} (no shutdown hook runs then):
 * <ul>
 *   <li>a {@link PostmasterWatchdog} stops the server (fast shutdown) as soon as the platform's process is gone;</li>
 *   <li>should the watchdog have died too, the next start finds the server in the data directory's
 *       {@code postmaster.pid} and stops it before starting its own. The platform holds a lock on
 *       {@code <data directory>.lock} while it runs, so a server found there belongs to a platform that is gone; a
 *       second platform on the same state directory is refused instead.</li>
 * </ul>
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final DataDirectoryLock lock;
    private final PostmasterWatchdog watchdog;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryLock lock, PostmasterWatchdog watchdog) {
        this.postgres = postgres;
        this.lock = lock;
        this.watchdog = watchdog;
    }

    /**
     * The JDBC URL of a server that {@link #start(Path, Path, int)} starts on {@code port}: known before the server
     * runs, so the application context can start meanwhile (its pools connect once the server accepts).
     *
     * @param port the loopback port
     * @return the URL of its {@code postgres} database
     */
    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE + "?user=" + USER;
    }

    /** @return a free loopback port for {@link #start(Path, Path, int)} */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded PostgreSQL", e);
        }
    }

    /**
     * Starts PostgreSQL on {@code port} with its data in {@code dataDirectory} (created and initialised on first use,
     * reused afterwards). Its log goes to {@code logFile}. A server left running in that directory by a platform
     * that died is stopped first.
     *
     * @param dataDirectory where the cluster lives
     * @param logFile       where the server writes its output
     * @param port          loopback port
     * @return the running database
     * @throws UncheckedIOException  when the server cannot be started
     * @throws IllegalStateException when another platform runs on the same data directory
     */
    public static EmbeddedDatabase start(Path dataDirectory, Path logFile, int port) {
        long started = System.nanoTime();
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory);
        try {
            Files.createDirectories(dataDirectory);
            Postmaster.stopLeftover(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
                .start();
            PostmasterWatchdog watchdog = Postmaster.find(dataDirectory)
                .map(pid -> PostmasterWatchdog.start(pid, dataDirectory)).orElse(null);
            LOG.info("embedded PostgreSQL started in {} ms on port {} (data: {})",
                (System.nanoTime() - started) / 1_000_000, postgres.getPort(), dataDirectory);
            return new EmbeddedDatabase(postgres, lock, watchdog);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException("embedded PostgreSQL did not start (data: " + dataDirectory
                + ", log: " + logFile + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** @return the database user (trust authentication on loopback) */
    public static String user() {
        return USER;
    }

    /** Stops the server (fast shutdown: open sessions are disconnected, data is flushed). */
    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("embedded PostgreSQL stopped");
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            if (watchdog != null) {
                watchdog.close();
            }
            lock.close();
        }
    }
}
