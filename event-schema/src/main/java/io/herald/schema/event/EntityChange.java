package io.herald.schema.event;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;
import java.util.Objects;

/**
 * An entity change event ({@code schemas/entity-change.json}): {@code {entity}:{created|updated|deleted}} on
 * {@code {entity}_changes@{tenantId}}. {@code data} is the entity (open) with its {@code id}; updates add
 * {@code changed_fields}.
 *
 * @param event     e.g. {@code order:updated}
 * @param data      the entity
 * @param timestamp RFC 3339 date-time, kept as written
 */
@Serdeable
public record EntityChange(String event, Map<String, Object> data, String timestamp) {

    /**
     * Checks the components.
     */
    public EntityChange {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
