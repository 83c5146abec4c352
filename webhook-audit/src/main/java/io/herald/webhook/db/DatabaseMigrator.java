package io.herald.webhook.db;

import io.herald.support.db.DatabaseMigration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Migrates schema {@code webhook} in the background with the shared {@link DatabaseMigration} (one clear log line
 * while PostgreSQL is unavailable, readiness down, retries) and tells this service's components when it is ready.
 */
@Context
public class DatabaseMigrator {

    /** The schema this service owns. */
    public static final String SCHEMA = "webhook";

    private final DatabaseMigration migration;

    /**
     * @param dataSource the pool
     * @param retry      pause between attempts, {@code herald.db.retry-interval}. Defaults to 2 s.
     */
    public DatabaseMigrator(DataSource dataSource, @Value("${herald.db.retry-interval:2s}") Duration retry) {
        this.migration = new DatabaseMigration(DelegatingDataSource.unwrapDataSource(dataSource), SCHEMA,
            "classpath:db/migration/webhook", retry);
        migration.start();
    }

    /** @return whether the schema is migrated */
    public boolean ready() {
        return migration.isReady();
    }

    /** @return whether a connection can be had and is valid now (never throws, never logs) */
    public boolean reachable() {
        return migration.reachable();
    }

    /** @return the last failure as one line, or null */
    public String lastError() {
        return migration.lastError();
    }

    /** @param listener run once the schema is migrated (at once if it already is) */
    public void onReady(Runnable listener) {
        migration.onReady(listener);
    }

    @PreDestroy
    void stop() {
        migration.close();
    }
}
