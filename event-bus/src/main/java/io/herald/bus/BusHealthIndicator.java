package io.herald.bus;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/** Readiness: up only while the event bus is connected and its stream is set up. */
@Singleton
@Readiness
final class BusHealthIndicator implements HealthIndicator {

    private final EventBus bus;
    private final BusConfiguration config;

    BusHealthIndicator(EventBus bus, BusConfiguration config) {
        this.bus = bus;
        this.config = config;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean ready = bus.ready();
        return Publishers.just(HealthResult.builder("bus", ready ? HealthStatus.UP : HealthStatus.DOWN)
            .details(Map.of("stream", config.stream(), "epoch", bus.epoch()))
            .build());
    }
}
