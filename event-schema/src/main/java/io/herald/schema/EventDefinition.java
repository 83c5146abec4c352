package io.herald.schema;

import java.util.Objects;
import java.util.Set;

/**
 * One entry of the {@link EventCatalog}: an event type, its family, the channel namespaces it may be
 * published on and the schema file that describes it.
 *
 * @param type       the event name, e.g. {@code job.progress} or {@code order:updated}
 * @param family     the family
 * @param namespaces the namespaces whose channels may carry it
 * @param progress   whether it is a progress event throttled per job (DESIGN §4)
 * @param schemaPath the schema file, relative to the classpath folder {@code schemas/}
 */
public record EventDefinition(String type, EventFamily family, Set<ChannelNamespace> namespaces,
                              boolean progress, String schemaPath) {

    /**
     * Checks and copies the components.
     */
    public EventDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(family, "family");
        namespaces = Set.copyOf(namespaces);
        Objects.requireNonNull(schemaPath, "schemaPath");
    }

    /**
     * The schema's {@code $id}.
     *
     * @return an absolute URI under {@link EventCatalog#SCHEMA_BASE_URI}
     */
    public String schemaId() {
        return EventCatalog.SCHEMA_BASE_URI + schemaPath;
    }
}
