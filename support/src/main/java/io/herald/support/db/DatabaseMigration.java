package io.herald.support.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates one PostgreSQL schema with Flyway on a background thread, retrying while the database is unreachable,
 * and tells its listeners once the schema is ready.
 *
 * <p>Why not micronaut-flyway's start-up migration: it runs while the data source is created, so a database that is
 * down at start-up kills the process with a long stack trace. A Herald service instead starts, logs one clear line
 * (naming the cause: database missing, server unreachable, authentication failed), reports readiness DOWN, retries
 * quietly and becomes ready without a restart.
 */
public final class DatabaseMigration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigration.class);
    /** PostgreSQL's SQLSTATE for "database does not exist". */
    private static final String INVALID_CATALOG = "3D000";

    private final DataSource dataSource;
    private final String schema;
    private final String location;
    private final Duration retryInterval;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile Thread worker;
    private volatile String lastError;

    /**
     * @param dataSource    the pool (not Micronaut Data's transaction-aware proxy: unwrap it first)
     * @param schema        the schema to create and migrate; it also holds Flyway's history table
     * @param location      Flyway location of the migrations, e.g. {@code classpath:db/migration}
     * @param retryInterval pause between attempts while the database is unavailable
     */
    public DatabaseMigration(DataSource dataSource, String schema, String location, Duration retryInterval) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.location = location;
        this.retryInterval = retryInterval;
    }

    /** Starts the migration loop once (idempotent). */
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        worker = new Thread(this::run, "db-migrate-" + schema);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * @param listener runs once the schema is migrated (at once when it already is), before {@link #isReady()}
     *                 turns true, so a ready service has finished its start-up work (e.g. loading keys)
     */
    public synchronized void onReady(Runnable listener) {
        listeners.add(listener);
        if (isReady()) {
            listener.run();
        }
    }

    /** @return whether the schema is migrated */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** @return the last failure as one line (no stack trace, no credentials), or null */
    public String lastError() {
        return lastError;
    }

    /**
     * @param timeout how long to wait
     * @param unit    its unit
     * @return whether the schema became ready in time
     * @throws InterruptedException when interrupted
     */
    public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }

    /** @return whether a connection can be had and is valid now (never throws, never logs) */
    public boolean reachable() {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private void run() {
        boolean logged = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).createSchemas(true)
                    .locations(location).load().migrate();
                lastError = null;
                synchronized (this) {
                    listeners.forEach(Runnable::run);
                    ready.countDown();
                }
                LOG.info("Database ready: schema '{}' migrated", schema);
                return;
            } catch (RuntimeException e) {
                lastError = describe(e);
                if (!logged) {
                    // One clear line, no stack trace; later failures go to DEBUG so the log stays readable.
                    LOG.warn("{}; retrying every {} (readiness DOWN)", lastError, retryInterval);
                    logged = true;
                } else {
                    LOG.debug("Database still unavailable: {}", lastError);
                }
            }
            try {
                Thread.sleep(retryInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * @param failure a connection or migration failure
     * @return one line naming the cause
     */
    static String describe(Throwable failure) {
        SQLException sql = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            root = t;
            if (t instanceof SQLException s) {
                // the deepest one is the driver's (a pool wraps it and copies its SQLSTATE)
                sql = s;
            }
        }
        if (sql != null && INVALID_CATALOG.equals(sql.getSQLState())) {
            return "The database does not exist (" + firstLine(sql.getMessage())
                + "): create it, e.g. createdb, or point the JDBC URL at an existing one";
        }
        Throwable shown = sql != null ? sql : root;
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : firstLine(shown.getMessage());
        return "Database unreachable or migration of schema failed (" + message + ")";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Stops retrying (the thread is a daemon; this only ends it early). */
    @Override
    public void close() {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }
}
