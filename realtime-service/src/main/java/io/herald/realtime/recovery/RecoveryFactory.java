package io.herald.realtime.recovery;

import io.herald.bus.EventBus;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.throttle.ThrottleConfiguration;
import io.herald.realtime.transport.LimitsConfiguration;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Wires {@link HistoryReplay} with the live throttle's settings. */
@Factory
final class RecoveryFactory {

    @Singleton
    HistoryReplay historyReplay(EventBus bus, EventCheck check, ThrottleConfiguration throttle, RecoveryConfiguration config,
                                 LimitsConfiguration limits) {
        return new HistoryReplay(bus, check, throttle.window(), throttle.grace(), config, limits.historyMaxCount(),
            System::currentTimeMillis);
    }
}
