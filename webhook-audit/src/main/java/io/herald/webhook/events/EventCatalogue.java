package io.herald.webhook.events;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The event types an endpoint may subscribe to (DESIGN §2), and how to read an event's type.
 *
 * <p>Local stand-in for {@code io.herald.schema.EventContract.eventTypes()}: event-schema had no Java API yet
 * when this module was written. Replace with the contract once it ships.
 */
public final class EventCatalogue {

    /** Subscribes an endpoint to every event type. */
    public static final String ALL = "*";
    /** Never delivered to webhooks: it reports webhook deliveries, so delivering it would loop. */
    public static final String WEBHOOK_EVENT_CREATED = "webhook.event.created";

    private static final Set<String> TYPES;

    static {
        Set<String> s = new LinkedHashSet<>();
        for (String t : new String[] {"job.created", "job.progress", "job.finished", "job.failed", "job.requeued",
            "job.convert.done", "job.convert.failed", "bulk_download.ready", "bulk_download.failed",
            "workbook.status_changed", "workbook.processing_started", "workbook.processing_progress",
            "workbook.processing_completed", "workbook.processing_failed", "sheet.data_updated", "job.started",
            "job.completed", "job.cancelled", "job.retrying", "notification", "alert", "subscription.updated"}) {
            s.add(t);
        }
        for (String entity : new String[] {"order", "product", "customer", "shipment", "transaction"}) {
            for (String action : new String[] {"created", "updated", "deleted"}) {
                s.add(entity + ":" + action);
            }
        }
        TYPES = Set.copyOf(s);
    }

    private EventCatalogue() {
    }

    /** @return every type an endpoint may subscribe to (without {@code webhook.event.created}) */
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
