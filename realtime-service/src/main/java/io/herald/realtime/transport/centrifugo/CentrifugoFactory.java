package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.auth.TokenVerifier;
import io.herald.bus.EventBus;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.recovery.HistoryReplay;
import io.herald.realtime.transport.LimitsConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Wires the Centrifugo protocol layer to Herald's core (the only place that knows both). */
@Factory
final class CentrifugoFactory {

    /**
     * One timer thread for the connect timeouts of connections that have not connected yet (pings, pongs and token
     * expiry of connected ones are checked by the server-wide sweep): the callbacks only close.
     */
    @Singleton
    @Named("centrifugo-timers")
    @Bean(preDestroy = "shutdownNow")
    ScheduledExecutorService centrifugoTimers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "herald-centrifugo-timers");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true); // connect timeouts are mostly cancelled: do not keep them queued
        return timers;
    }

    /** The Centrifugo publication encoder, as a bean so that start-up tasks can find every protocol's codec. */
    @Singleton
    io.herald.realtime.hub.ProtocolCodec centrifugoHubCodec() {
        return CentrifugoHubCodec.INSTANCE;
    }

    @Singleton
    CentrifugoProtocol centrifugoProtocol(TokenVerifier verifier, Hub hub, EventBus bus, HistoryReplay replay,
                                          LimitsConfiguration limits, CentrifugoConfiguration config,
                                          @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                                          @Named("centrifugo-timers") ScheduledExecutorService timers,
                                          @Named("herald-token-verification") ExecutorService verification,
                                          io.herald.realtime.routing.RealtimeMetrics metrics) {
        HubCentrifugoBackend backend = new HubCentrifugoBackend(verifier, hub, bus, replay, limits.connectionsPerUser(),
            blocking, verification);
        return new CentrifugoProtocol(backend, config.toOptions(limits), CentrifugoScheduler.of(timers, Clock.systemUTC()),
            metrics::slowClient);
    }
}
