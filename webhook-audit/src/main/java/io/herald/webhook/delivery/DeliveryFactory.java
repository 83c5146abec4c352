package io.herald.webhook.delivery;

import io.herald.webhook.endpoint.SecretCipher;
import io.herald.webhook.outbox.OutboxRelay;
import io.herald.webhook.ssrf.SsrfGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
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

    @Singleton
    @Bean(preDestroy = "close")
    Dispatcher dispatcher(DeliveryStore store, HttpSender sender, RetrySchedule schedule, RetryConfig retry,
                          DeliveryConfig config, SecretCipher cipher, Clock clock, OutboxRelay relay,
                          MeterRegistry meters, @Value("${micronaut.application.version:0.1.0}") String version) {
        return new Dispatcher(store, sender, schedule, retry, config, cipher, clock, relay, meters,
                "Herald-Webhooks/" + version);
    }
}
