package io.herald.webhook.health;

import io.herald.webhook.db.DatabaseMigrator;
import io.herald.bus.EventBus;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Readiness (and overall {@code /health}): UP only when the database schema is migrated and NATS JetStream is
 * connected.
 */
@Singleton
@Readiness
public class ReadinessIndicator implements HealthIndicator {

    private final DatabaseMigrator db;
    private final EventBus bus;

    /**
     * @param db   database state
     * @param bus  event bus state
     */
    public ReadinessIndicator(DatabaseMigrator db, EventBus bus) {
        this.db = db;
        this.bus = bus;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        // The connection check blocks, so it runs off the event loop.
        return Mono.fromCallable(this::check).subscribeOn(Schedulers.boundedElastic());
    }

    private HealthResult check() {
        boolean dbUp = db.ready() && db.reachable();
        boolean natsUp = bus.ready();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", dbUp ? "UP" : "DOWN");
        details.put("nats", natsUp ? "UP" : "DOWN");
        return HealthResult.builder("webhook-audit", dbUp && natsUp ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build();
    }
}
