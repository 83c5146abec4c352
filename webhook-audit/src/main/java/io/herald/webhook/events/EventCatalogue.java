package io.herald.webhook.events;

import io.herald.schema.EventContract;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The event types an endpoint may subscribe to: every type of event-schema's {@link EventContract} except
 * {@code webhook.event.created}.
 */
public final class EventCatalogue {

    /** Subscribes an endpoint to every event type. */
    public static final String ALL = "*";
    /** Never delivered to webhooks: it reports webhook deliveries, so delivering it would loop. */
    public static final String WEBHOOK_EVENT_CREATED = "webhook.event.created";

    private static final Set<String> TYPES;

    static {
        Set<String> s = new LinkedHashSet<>(EventContract.load().eventTypes());
        s.remove(WEBHOOK_EVENT_CREATED);
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
