package io.herald.bus;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.nats.connect.NatsConnectionFactory;
import io.micronaut.nats.connect.NatsConnectionFactoryConfig;
import io.nats.client.Connection;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;

/**
 * Wires the event bus: {@code herald.bus.kind} picks {@link NatsEventBus} (default) or {@link InMemoryEventBus}.
 *
 * <p>The NATS connection is micronaut-nats' own bean, configured by {@code nats.default.*} and checked by its health
 * indicator; only its creation is replaced, by {@link NatsConnections#open}, because micronaut-nats' factory calls
 * {@code Nats.connect}, which fails the application's start-up when NATS is down.
 */
@Factory
final class BusFactory {

    private final NatsConnections.Listeners listeners = new NatsConnections.Listeners();

    @Singleton
    @Bean(preDestroy = "close")
    @EachBean(NatsConnectionFactoryConfig.class)
    @Replaces(factory = NatsConnectionFactory.class, bean = Connection.class)
    Connection connection(NatsConnectionFactoryConfig config) {
        try {
            return NatsConnections.open(config.toOptionsBuilder(), listeners);
        } catch (IOException | GeneralSecurityException e) {
            throw new BeanInstantiationException("NATS connection " + config.getName() + " is misconfigured: "
                + e.getMessage(), e);
        }
    }

    @Context
    @Bean(preDestroy = "close")
    EventBus eventBus(BusConfiguration config, BeanProvider<Connection> connection) {
        if (config.kind() == BusConfiguration.Kind.MEMORY) {
            return new InMemoryEventBus(config.streamOptions(), Clock.systemUTC());
        }
        NatsEventBus bus = new NatsEventBus(connection.get(), config.streamOptions(), Duration.ofSeconds(1));
        listeners.add(bus::connectionChanged);
        bus.start();
        return bus;
    }
}
