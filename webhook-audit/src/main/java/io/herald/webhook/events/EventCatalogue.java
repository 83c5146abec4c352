package io.herald.webhook.events;

import io.herald.schema.ChannelNamespace;
import io.herald.schema.EventCatalog;
import io.herald.schema.EventDefinition;
import io.herald.schema.EventContract;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The event types an endpoint may subscribe to: every type of event-schema's {@link EventContract} except the
 * events of the {@code webhooks:} channel ({@code webhook.event.created}, {@code webhook.endpoint.disabled});
 * {@code *} means all of them except progress events, which an endpoint receives only when it names them.
 */
public final class EventCatalogue {

    /** Subscribes an endpoint to every event type. */
    public static final String ALL = "*";
    /** Never delivered to webhooks: it reports webhook deliveries, so delivering it would loop. */
    public static final String WEBHOOK_EVENT_CREATED = "webhook.event.created";
    /** Published by this service when it disables an endpoint; like the above, never delivered to webhooks. */
    public static final String WEBHOOK_ENDPOINT_DISABLED = "webhook.endpoint.disabled";

    private static final Set<String> TYPES;
    private static final Set<String> PROGRESS;

    static {
        EventContract contract = EventContract.load();
        Set<String> s = new LinkedHashSet<>(contract.eventTypes());
        // Events of the webhooks:{uuid} channel report on webhooks themselves; that channel is never delivered.
        s.removeAll(contract.eventTypesFor(ChannelNamespace.WEBHOOKS));
        s.remove(WEBHOOK_EVENT_CREATED);
        s.remove(WEBHOOK_ENDPOINT_DISABLED);
        TYPES = Set.copyOf(s);
        Set<String> progress = new LinkedHashSet<>();
        for (EventDefinition d : EventCatalog.standard().definitions()) {
            if (d.progress()) {
                progress.add(d.type());
            }
        }
        PROGRESS = Set.copyOf(progress);
    }

    private EventCatalogue() {
    }

    /** @return every type an endpoint may subscribe to */
    public static Set<String> subscribable() {
        return TYPES;
    }

    /**
     * @param type an event type
     * @return whether it is a progress event: throttled, and only delivered to endpoints that name it ({@code *}
     *     does not include it)
     */
    public static boolean isProgress(String type) {
        return PROGRESS.contains(type);
    }

    /**
     * @param type an event type or {@code *}
     * @return whether an endpoint may subscribe to it
     */
    public static boolean isSubscribable(String type) {
        return ALL.equals(type) || TYPES.contains(type);
    }
}
