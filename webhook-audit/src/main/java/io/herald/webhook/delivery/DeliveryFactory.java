package io.herald.webhook.delivery;

import io.herald.bus.BusConfiguration;
import io.herald.bus.EventBus;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.throttle.ThrottleConfiguration;
import io.herald.webhook.db.DatabaseMigrator;
import io.herald.webhook.endpoint.EndpointRepository;
import io.herald.webhook.endpoint.SecretCipher;
import io.herald.webhook.outbox.OutboxRelay;
import io.herald.webhook.ssrf.SsrfGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/** Wires the delivery pipeline. */
@Factory
public class DeliveryFactory {

    /** @return the system UTC clock (tests replace it) */
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    RetrySchedule retrySchedule(RetryConfig config, Clock clock) {
        return new RetrySchedule(config, clock, RandomGenerator.getDefault());
    }

    @Singleton
    @Bean(preDestroy = "close")
    HttpSender httpSender(SsrfGuard guard, DeliveryConfig config, Clock clock) {
        return new HttpSender(guard, SystemDefaultDnsResolver.INSTANCE, config, clock);
    }

    @Context
    @Bean(preDestroy = "close")
    EventConsumer eventConsumer(EventBus bus, EventCheck check, EndpointRepository endpoints, DeliveryStore store,
                                Dispatcher dispatcher, RetrySchedule schedule, DeliveryConfig config,
                                ThrottleConfiguration throttle, BusConfiguration busConfig, MeterRegistry meters,
                                Clock clock, DatabaseMigrator db) {
        EventConsumer consumer = new EventConsumer(bus, check, endpoints, store, dispatcher, schedule, config, throttle,
            busConfig.streamMaxAge(), meters, clock);
        consumer.start(db);
        return consumer;
    }

    @Singleton
    Recovery recovery(EventBus bus, EventCheck check, DeliveryStore store, Dispatcher dispatcher, Clock clock) {
        return new Recovery(bus, check, store, dispatcher, clock);
    }

    @Singleton
    @Bean(preDestroy = "close")
    Dispatcher dispatcher(DeliveryStore store, HttpSender sender, RetrySchedule schedule, RetryConfig retry,
                          DeliveryConfig config, SecretCipher cipher, Clock clock, OutboxRelay relay,
                          MeterRegistry meters, @Value("${micronaut.application.version:0.1.0}") String version) {
        return new Dispatcher(store, sender, schedule, retry, config, cipher, clock, relay, meters,
                "Herald-Webhooks/" + version);
    }
}
