package io.herald.auth.db;

import io.herald.support.db.DatabaseMigration;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Migrates the {@code auth} schema in the background with the shared {@link DatabaseMigration} (one clear log line
 * naming the cause while the database is unavailable — missing database, unreachable server —, retries every
 * {@link DatabaseProperties#retryInterval()}, readiness DOWN), then publishes {@link DatabaseReadyEvent}.
 */
@Singleton
public class DatabaseBootstrap {

    private final DatabaseMigration migration;

    DatabaseBootstrap(DataSource dataSource, DatabaseProperties properties,
                      ApplicationEventPublisher<DatabaseReadyEvent> publisher) {
        // The injected bean is Micronaut Data's contextual proxy (needs a surrounding @Transactional); this code
        // manages its own connections, so it uses the pool directly.
        this.migration = new DatabaseMigration(DelegatingDataSource.unwrapDataSource(dataSource), properties.schema(),
            "classpath:db/migration/auth", properties.retryInterval());
        // Listeners (signing keys) run before readiness turns UP, so a ready instance can sign.
        migration.onReady(() -> publisher.publishEvent(new DatabaseReadyEvent()));
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        start();
    }

    /** Starts the migration loop once (idempotent). */
    public void start() {
        migration.start();
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        migration.close();
    }

    /** @return whether the schema is migrated and the database was reachable */
    public boolean isReady() {
        return migration.isReady();
    }

    /** @return the last connection or migration failure (one line), or null */
    public String lastError() {
        return migration.lastError();
    }

    /**
     * Waits for readiness.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return whether the database became ready within the timeout
     * @throws InterruptedException when interrupted
     */
    public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return migration.awaitReady(timeout, unit);
    }
}
