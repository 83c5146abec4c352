package io.herald.webhook.events;

import io.herald.schema.ChannelNamespace;
import io.herald.schema.EventContract;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The event types an endpoint may subscribe to: every type of event-schema's {@link EventContract} except the
 * events of the {@code webhooks:} channel ({@code webhook.event.created}, {@code webhook.endpoint.disabled}).
 */
public final class EventCatalogue {

    /** Subscribes an endpoint to every event type. */
    public static final String ALL = "*";
    /** Never delivered to webhooks: it reports webhook deliveries, so delivering it would loop. */
    public static final String WEBHOOK_EVENT_CREATED = "webhook.event.created";
    /** Published by this service when it disables an endpoint; like the above, never delivered to webhooks. */
    public static final String WEBHOOK_ENDPOINT_DISABLED = "webhook.endpoint.disabled";

    private static final Set<String> TYPES;

    static {
        EventContract contract = EventContract.load();
        Set<String> s = new LinkedHashSet<>(contract.eventTypes());
        // Events of the webhooks:{uuid} channel report on webhooks themselves; that channel is never delivered.
        s.removeAll(contract.eventTypesFor(ChannelNamespace.WEBHOOKS));
        s.remove(WEBHOOK_EVENT_CREATED);
        s.remove(WEBHOOK_ENDPOINT_DISABLED);
        TYPES = Set.copyOf(s);
    }

    private EventCatalogue() {
    }

    /** @return every type an endpoint may subscribe to */
    public static Set<String> subscribable() {
        return TYPES;
    }

    /**
     * @param type an event type or {@code *}
     * @return whether an endpoint may subscribe to it
     */
    public static boolean isSubscribable(String type) {
        return ALL.equals(type) || TYPES.contains(type);
    }
}
