package io.herald.webhook.events;

import io.herald.schema.ChannelNamespace;
import io.herald.schema.EventCatalog;
import io.herald.schema.EventDefinition;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The event types an endpoint may subscribe to: every type of the active {@link EventCatalog} (built-ins plus the
 * operator's {@code herald.catalog.dir}) except the events of the {@code webhooks:} channel
 * ({@code webhook.event.created}, {@code webhook.endpoint.disabled}); {@code *} means all of them except progress
 * events, which an endpoint receives only when it names them.
 */
public final class EventCatalogue {

    /** Subscribes an endpoint to every event type. */
    public static final String ALL = "*";
    /** Never delivered to webhooks: it reports webhook deliveries, so delivering it would loop. */
    public static final String WEBHOOK_EVENT_CREATED = "webhook.event.created";
    /** Published by this service when it disables an endpoint; like the above, never delivered to webhooks. */
    public static final String WEBHOOK_ENDPOINT_DISABLED = "webhook.endpoint.disabled";

    /** The subscribable and progress types of one catalogue, recomputed only when another catalogue is installed. */
    private record Types(EventCatalog catalog, Set<String> types, Set<String> progress) {
    }

    private static volatile Types types;

    private EventCatalogue() {
    }

    private static Types types() {
        EventCatalog catalog = EventCatalog.active();
        Types t = types;
        if (t == null || t.catalog() != catalog) {
            Set<String> s = new LinkedHashSet<>(catalog.eventTypes());
            // Events of the webhooks:{uuid} channel report on webhooks themselves; that channel is never delivered.
            s.removeAll(catalog.eventTypesFor(ChannelNamespace.WEBHOOKS));
            s.remove(WEBHOOK_EVENT_CREATED);
            s.remove(WEBHOOK_ENDPOINT_DISABLED);
            Set<String> progress = new LinkedHashSet<>();
            for (EventDefinition d : catalog.definitions()) {
                if (d.progress()) {
                    progress.add(d.type());
                }
            }
            t = new Types(catalog, Set.copyOf(s), Set.copyOf(progress));
            types = t;
        }
        return t;
    }

    /** @return every type an endpoint may subscribe to */
    public static Set<String> subscribable() {
        return types().types();
    }

    /**
     * @param type an event type
     * @return whether it is a progress event: throttled, and only delivered to endpoints that name it ({@code *}
     *     does not include it)
     */
    public static boolean isProgress(String type) {
        return types().progress().contains(type);
    }

    /**
     * @param type an event type
     * @return its name in webhooks: the catalogue's {@code webhookNames} entry for it, or the type itself
     */
    public static String webhookName(String type) {
        return EventCatalog.active().webhookName(type);
    }

    /**
     * @param type an event type or {@code *}
     * @return whether an endpoint may subscribe to it
     */
    public static boolean isSubscribable(String type) {
        return ALL.equals(type) || subscribable().contains(type);
    }
}
