package io.herald.bus.contract;

import io.herald.schema.EventContract;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Wires the event contract once for every service in the application context. */
@Factory
final class ContractFactory {

    @Singleton
    EventCheck eventCheck() {
        return new SchemaEventCheck(EventContract.load());
    }
}
