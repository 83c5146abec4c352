package io.herald.platform;

import io.herald.auth.db.DatabaseBootstrap;
import io.herald.platform.embedded.EmbeddedDatabase;
import io.herald.platform.embedded.StateDirectory;
import io.herald.realtime.transport.ConnectionSupervisor;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the embedded platform ({@code java -jar platform/target/platform-<version>.jar}, or
 * {@code bin/herald}): auth, realtime and webhooks in one JVM on one port.
 *
 * <p>Before the context starts it decides what runs in-process: keys not given in the environment are read from
 * (or generated into) the state directory ({@code HERALD_HOME}, default {@code var}); without {@code HERALD_JDBC_URL}
 * an embedded PostgreSQL starts with its data in {@code <state>/postgres}; without {@code HERALD_NATS_URL} the
 * in-memory event bus is selected. Ctrl-C closes every WebSocket with 1001, stops the server and the context, then
 * the embedded PostgreSQL, so nothing is left running.
 */
public final class PlatformApplication {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformApplication.class);

    private PlatformApplication() {
    }

    /**
     * Starts the platform.
     *
     * @param args command-line arguments, passed to Micronaut
     */
    public static void main(String[] args) {
        long started = System.nanoTime();
        Map<String, String> env = System.getenv();
        StateDirectory state = new StateDirectory(Path.of(env.getOrDefault("HERALD_HOME", "var")));
        Map<String, Object> properties = new LinkedHashMap<>(PlatformSettings.fromEnvironment(env, state));
        // The embedded PostgreSQL starts alongside the context (its URL is known up front): the pools and the
        // migrations wait for it (connection timeout, then retries), so start-up takes the longer of the two.
        CompletableFuture<EmbeddedDatabase> database = CompletableFuture.completedFuture(null);
        if (PlatformSettings.blank(env.get("HERALD_JDBC_URL"))) {
            int port = EmbeddedDatabase.freePort();
            properties.put("datasources.default.url", EmbeddedDatabase.jdbcUrl(port));
            properties.put("datasources.default.username", EmbeddedDatabase.user());
            properties.put("datasources.default.password", "");
            database = CompletableFuture.supplyAsync(
                () -> EmbeddedDatabase.start(state.resolve("postgres"), state.resolve("postgres.log"), port),
                runnable -> new Thread(runnable, "embedded-postgres").start());
            database.exceptionally(e -> {
                LOG.error("platform cannot start: {}", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                System.exit(1);
                return null;
            });
        }
        ApplicationContext context = Micronaut.build(args).banner(false).mainClass(PlatformApplication.class)
            .properties(properties).build();
        EmbeddedServer server;
        try {
            context.start();
            // auth migrates its schema once the server is up (as a service of its own it has nothing else to do);
            // here that work overlaps the server's start instead of following it.
            context.findBean(DatabaseBootstrap.class).ifPresent(DatabaseBootstrap::start);
            server = context.getBean(EmbeddedServer.class);
            server.start();
        } catch (RuntimeException e) {
            LOG.error("platform failed to start: {}", e.getMessage());
            context.close();
            stopDatabase(database);
            System.exit(1);
            return;
        }
        CompletableFuture<EmbeddedDatabase> db = database;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            context.findBean(ConnectionSupervisor.class).ifPresent(ConnectionSupervisor::closeAllAndWait);
            server.stop();
            context.close();
            stopDatabase(db);
        }, "herald-shutdown"));
        LOG.info("Startup completed in {}ms. Server Running: {} (state: {})",
            (System.nanoTime() - started) / 1_000_000, server.getURL(), state.root());
    }

    private static void stopDatabase(CompletableFuture<EmbeddedDatabase> database) {
        try {
            EmbeddedDatabase running = database.join();
            if (running != null) {
                running.close();
            }
        } catch (RuntimeException e) {
            // it never started: nothing to stop
        }
    }
}
