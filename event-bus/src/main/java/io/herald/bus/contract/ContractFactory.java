package io.herald.bus.contract;

import io.herald.schema.EventCatalog;
import io.herald.schema.EventContract;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Wires the event contract once for every service in the application context. */
@Factory
final class ContractFactory {

    /** The service's loaded catalogue when it provides one (its CatalogFactory), else the active one. */
    @Singleton
    EventCheck eventCheck(@Nullable EventCatalog catalog) {
        return new SchemaEventCheck(catalog != null ? catalog.contract() : EventContract.load());
    }
}
