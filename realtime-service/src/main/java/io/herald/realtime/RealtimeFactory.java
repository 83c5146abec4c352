package io.herald.realtime;

import io.herald.realtime.auth.JwksTokenVerifier;
import io.herald.realtime.auth.Revocations;
import io.herald.realtime.auth.TokenVerifier;
import io.herald.realtime.api.SessionsConfiguration;
import java.time.Clock;
import io.herald.bus.BusConfiguration;
import io.herald.bus.EventBus;
import io.herald.bus.contract.EventCheck;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.routing.EventRouter;
import io.herald.realtime.routing.RealtimeMetrics;
import io.herald.bus.throttle.ThrottleConfiguration;
import io.herald.realtime.transport.herald.HeraldProtocol;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

/**
 * Wires the framework-free core (hub, bus, contract, throttle, router) into Micronaut.
 */
@Factory
final class RealtimeFactory {

    @Singleton
    Hub hub() {
        return new Hub(Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
    }

    @Singleton
    Revocations revocations(SessionsConfiguration sessions) {
        return new Revocations(sessions.revocationMemory(), Clock.systemUTC());
    }

    @Singleton
    TokenVerifier tokenVerifier(io.herald.support.token.TokenVerifier shared, Revocations revocations) {
        return new JwksTokenVerifier(shared, revocations);
    }

    @Singleton
    HeraldProtocol heraldProtocol(JsonMapper mapper) {
        return new HeraldProtocol(mapper);
    }

    @Singleton
    RealtimeMetrics metrics(MeterRegistry registry, Hub hub) {
        return new RealtimeMetrics(registry, hub);
    }

    @Context
    @Bean(preDestroy = "close")
    EventRouter router(EventBus bus, EventCheck check, Hub hub, RealtimeMetrics metrics, ThrottleConfiguration throttle,
                       BusConfiguration busConfig) {
        EventRouter router = new EventRouter(bus, check, hub, metrics, throttle.window(), throttle.tick(), throttle.grace(),
            busConfig.streamMaxAge(), throttle.maxTerminalJobs());
        router.start();
        return router;
    }
}
