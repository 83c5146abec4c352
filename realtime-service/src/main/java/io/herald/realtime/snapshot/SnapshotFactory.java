package io.herald.realtime.snapshot;

import io.herald.bus.EventBus;
import io.herald.bus.contract.EventCheck;
import io.herald.realtime.recovery.HistoryReplay;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Wires {@link SnapshotReader}. */
@Factory
final class SnapshotFactory {

    @Singleton
    SnapshotReader snapshotReader(EventBus bus, EventCheck check, HistoryReplay replay, SnapshotConfiguration config) {
        return new SnapshotReader(bus, check, replay, config, System::currentTimeMillis);
    }
}
