package io.herald.schema;

import java.util.Objects;
import java.util.Set;

/**
 * One event type of the {@link EventCatalog}: its name (the schema's {@code title}), family, the channel
 * namespaces it may be published on and the schema file that describes it.
 *
 * @param type       the event name, e.g. {@code job.progress} or {@code order:updated}
 * @param family     the family (the schema's folder and type property)
 * @param namespaces the namespaces whose channels may carry it
 * @param progress   whether it is a progress event (throttled per job) in one of those namespaces
 * @param schemaPath the schema file, relative to its catalogue's {@code schemas/} folder
 * @param schemaId   the schema's {@code $id}, or the file's URI when it has none
 */
public record EventDefinition(String type, EventFamily family, Set<ChannelNamespace> namespaces,
                              boolean progress, String schemaPath, String schemaId) {

    /**
     * Checks and copies the components.
     */
    public EventDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(family, "family");
        namespaces = Set.copyOf(namespaces);
        Objects.requireNonNull(schemaPath, "schemaPath");
        Objects.requireNonNull(schemaId, "schemaId");
    }
}
