package io.herald.auth.db;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/** Readiness of the auth database: DOWN until {@link DatabaseBootstrap} has migrated the schema. */
@Singleton
@Readiness
public class DatabaseReadinessIndicator implements HealthIndicator {

    private final DatabaseBootstrap bootstrap;

    DatabaseReadinessIndicator(DatabaseBootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult.Builder builder = HealthResult.builder("authDatabase",
            bootstrap.isReady() ? HealthStatus.UP : HealthStatus.DOWN);
        if (!bootstrap.isReady()) {
            String error = bootstrap.lastError();
            builder.details(Map.of("error", error == null ? "migrating" : error));
        }
        return Publishers.just(builder.build());
    }
}
