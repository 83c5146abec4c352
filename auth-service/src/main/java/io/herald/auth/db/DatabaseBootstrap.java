package io.herald.auth.db;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the {@code auth} schema with Flyway on a background thread, retrying every
 * {@link DatabaseProperties#retryInterval()} while the database is unreachable, then publishes
 * {@link DatabaseReadyEvent}.
 *
 * <p>Why not micronaut-flyway: it migrates synchronously while the data source is created, so an unreachable
 * database at start-up kills the process with a long stack trace. DESIGN §8a asks for one clear log line, retries
 * and readiness DOWN instead, which needs control over when and how often the migration runs.
 */
@Singleton
public class DatabaseBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBootstrap.class);

    private final DataSource dataSource;
    private final DatabaseProperties properties;
    private final ApplicationEventPublisher<DatabaseReadyEvent> publisher;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile Thread worker;
    private volatile String lastError;

    DatabaseBootstrap(DataSource dataSource, DatabaseProperties properties,
                      ApplicationEventPublisher<DatabaseReadyEvent> publisher) {
        // The injected bean is Micronaut Data's contextual proxy (needs a surrounding @Transactional); this code
        // manages its own connections, so it uses the pool directly.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.properties = properties;
        this.publisher = publisher;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        start();
    }

    /** Starts the migration loop once (idempotent). */
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        worker = new Thread(this::run, "auth-db-bootstrap");
        worker.setDaemon(true);
        worker.start();
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    /** @return whether the schema is migrated and the database was reachable */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** @return the last connection or migration failure (one line), or null */
    public String lastError() {
        return lastError;
    }

    /**
     * Waits for readiness.
     *
     * @return whether the database became ready within the timeout
     */
    public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }

    private void run() {
        boolean loggedFailure = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(properties.schema())
                    .defaultSchema(properties.schema())
                    .createSchemas(true)
                    .locations("classpath:db/migration/auth")
                    .load()
                    .migrate();
                lastError = null;
                LOG.info("Database ready: schema '{}' migrated", properties.schema());
                // Listeners (signing keys) run before readiness turns UP, so a ready instance can sign.
                publisher.publishEvent(new DatabaseReadyEvent());
                ready.countDown();
                return;
            } catch (RuntimeException e) {
                lastError = oneLine(e);
                if (!loggedFailure) {
                    // One clear line, no stack trace; repeated failures go to DEBUG so the log stays readable.
                    LOG.warn("Database unreachable or migration failed ({}); retrying every {} (readiness DOWN)",
                        lastError, properties.retryInterval());
                    loggedFailure = true;
                } else {
                    LOG.debug("Database still unavailable: {}", lastError);
                }
            }
            try {
                Thread.sleep(properties.retryInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof SQLException) {
                break;
            }
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
