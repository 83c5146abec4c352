package io.herald.webhook.db;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Flyway migrations of schema {@code webhook} (history in that schema) in the background, retrying while
 * PostgreSQL is unreachable (one clear log line, readiness down), then tells its listeners.
 *
 * <p>Not micronaut-flyway's start-up migration: that one fails start-up when the database is down, which DESIGN
 * §8a forbids.
 */
@Context
public class DatabaseMigrator {

    /** The schema this service owns. */
    public static final String SCHEMA = "webhook";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigrator.class);

    private final DataSource dataSource;
    private final Duration retry;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean ready;

    /**
     * @param dataSource the pool
     * @param retry      pause between attempts, {@code herald.db.retry-interval}. Defaults to 2 s.
     */
    public DatabaseMigrator(DataSource dataSource, @Value("${herald.db.retry-interval:2s}") Duration retry) {
        this.dataSource = dataSource instanceof DelegatingDataSource d ? d.getTargetDataSource() : dataSource;
        this.retry = retry;
        this.thread = new Thread(this::migrateLoop, "db-migrate");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** @return whether the schema is migrated */
    public boolean ready() {
        return ready;
    }

    /** @return whether a connection can be had and is valid now (never throws, never logs) */
    public boolean reachable() {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * @param listener run once the schema is migrated (at once if it already is)
     */
    public synchronized void onReady(Runnable listener) {
        listeners.add(listener);
        if (ready) {
            listener.run();
        }
    }

    private void migrateLoop() {
        boolean logged = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Flyway.configure().dataSource(dataSource).schemas(SCHEMA).defaultSchema(SCHEMA).createSchemas(true)
                        .locations("classpath:db/migration/webhook").load().migrate();
                synchronized (this) {
                    ready = true;
                    listeners.forEach(Runnable::run);
                }
                LOG.info("database schema {} migrated", SCHEMA);
                return;
            } catch (RuntimeException e) {
                if (!logged) {
                    Throwable root = e;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    LOG.warn("webhook-audit: cannot reach or migrate PostgreSQL ({}); retrying every {}",
                            root.getMessage(), retry);
                    logged = true;
                }
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        thread.interrupt();
    }
}
