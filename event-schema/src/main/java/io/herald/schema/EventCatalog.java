package io.herald.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.herald.schema.ChannelNamespace.CUSTOMER_CHANGES;
import static io.herald.schema.ChannelNamespace.EXPORTS;
import static io.herald.schema.ChannelNamespace.EXPORT_JOB;
import static io.herald.schema.ChannelNamespace.JOB;
import static io.herald.schema.ChannelNamespace.NOTIFICATIONS;
import static io.herald.schema.ChannelNamespace.ORDER_CHANGES;
import static io.herald.schema.ChannelNamespace.PRODUCT_CHANGES;
import static io.herald.schema.ChannelNamespace.SHIPMENT_CHANGES;
import static io.herald.schema.ChannelNamespace.TRANSACTION_CHANGES;
import static io.herald.schema.ChannelNamespace.USER;
import static io.herald.schema.ChannelNamespace.USER_DASHBOARD;
import static io.herald.schema.ChannelNamespace.USER_NOTIFICATIONS;
import static io.herald.schema.ChannelNamespace.WEBHOOKS;
import static io.herald.schema.ChannelNamespace.WORKBOOK;
import static io.herald.schema.EventFamily.ACCOUNT;
import static io.herald.schema.EventFamily.ENTITY_CHANGE;
import static io.herald.schema.EventFamily.EXPORT_ENVELOPE;
import static io.herald.schema.EventFamily.TYPED_MESSAGE;

/**
 * The catalogue of every event type Herald carries: its family, the channel namespaces it may be published
 * on (DESIGN §1/§2) and its schema file. Immutable; {@link #standard()} is the one catalogue.
 *
 * <p>An event type name may occur in two families: {@code job.progress} is both an export envelope event
 * (on {@code exports:} and {@code export.{guid}.job}) and a typed message (on {@code job:{jobId}}). The
 * channel's namespace decides which one applies, so look-ups take the family or the namespace.
 *
 * <p>Dashboard channels ({@code user_dashboard_channel:{uuid}}) carry typed messages whose payload is open:
 * {@code dashboard.updated} (generic refresh), {@code dashboard.activity} and {@code dashboard.usage}
 * (the "activity, usage stats" of the ExportComments overview); the products document no dashboard payloads,
 * so these schemas only fix the typed-message frame.
 */
public final class EventCatalog {

    /** Base URI of every schema {@code $id}; it maps to the classpath folder {@code schemas/}. */
    public static final String SCHEMA_BASE_URI = "https://schemas.herald.io/";

    private static final EventCatalog STANDARD = new EventCatalog(build());

    private final List<EventDefinition> definitions;
    private final Map<EventFamily, Map<String, EventDefinition>> byFamily;
    private final Map<ChannelNamespace, EventFamily> familyByNamespace;
    private final Map<ChannelNamespace, Set<String>> typesByNamespace;
    private final Set<String> types;

    private EventCatalog(List<EventDefinition> definitions) {
        this.definitions = List.copyOf(definitions);
        Map<EventFamily, Map<String, EventDefinition>> fam = new EnumMap<>(EventFamily.class);
        Map<ChannelNamespace, EventFamily> nsFamily = new EnumMap<>(ChannelNamespace.class);
        Map<ChannelNamespace, Set<String>> nsTypes = new EnumMap<>(ChannelNamespace.class);
        Set<String> all = new LinkedHashSet<>();
        for (EventDefinition d : definitions) {
            if (fam.computeIfAbsent(d.family(), f -> new HashMap<>()).put(d.type(), d) != null) {
                throw new IllegalStateException("duplicate event type " + d.type() + " in family " + d.family());
            }
            all.add(d.type());
            for (ChannelNamespace ns : d.namespaces()) {
                EventFamily previous = nsFamily.put(ns, d.family());
                if (previous != null && previous != d.family()) {
                    // One family per namespace keeps validation a direct look-up (no "try every schema").
                    throw new IllegalStateException("namespace " + ns + " would carry two families");
                }
                nsTypes.computeIfAbsent(ns, n -> new LinkedHashSet<>()).add(d.type());
            }
        }
        fam.replaceAll((f, m) -> Map.copyOf(m));
        nsTypes.replaceAll((n, s) -> Collections.unmodifiableSet(s));
        this.byFamily = Collections.unmodifiableMap(fam);
        this.familyByNamespace = Collections.unmodifiableMap(nsFamily);
        this.typesByNamespace = Collections.unmodifiableMap(nsTypes);
        this.types = Collections.unmodifiableSet(all);
    }

    /**
     * The catalogue of DESIGN §2.
     *
     * @return the shared instance
     */
    public static EventCatalog standard() {
        return STANDARD;
    }

    /**
     * Every definition, in catalogue order.
     *
     * @return the definitions
     */
    public List<EventDefinition> definitions() {
        return definitions;
    }

    /**
     * Every event type name (a name in two families counts once).
     *
     * @return the names, in catalogue order
     */
    public Set<String> eventTypes() {
        return types;
    }

    /**
     * The event types a namespace's channels may carry.
     *
     * @param ns the namespace
     * @return the names; empty when the namespace carries none
     */
    public Set<String> eventTypesFor(ChannelNamespace ns) {
        return typesByNamespace.getOrDefault(ns, Set.of());
    }

    /**
     * The family a namespace's channels carry (each namespace carries exactly one).
     *
     * @param ns the namespace
     * @return the family
     */
    public Optional<EventFamily> familyOf(ChannelNamespace ns) {
        return Optional.ofNullable(familyByNamespace.get(ns));
    }

    /**
     * Looks an event type up in a family.
     *
     * @param family the family
     * @param type   the event name
     * @return the definition, or empty when the family has no such type
     */
    public Optional<EventDefinition> find(EventFamily family, String type) {
        return Optional.ofNullable(lookup(family, type));
    }

    /**
     * Every definition carrying a type name, in any family.
     *
     * @param type the event name
     * @return the definitions (two for {@code job.progress}), empty when unknown
     */
    public List<EventDefinition> findAll(String type) {
        List<EventDefinition> found = new ArrayList<>(2);
        for (Map<String, EventDefinition> m : byFamily.values()) {
            EventDefinition d = m.get(type);
            if (d != null) {
                found.add(d);
            }
        }
        return found;
    }

    EventDefinition lookup(EventFamily family, String type) {
        Map<String, EventDefinition> m = byFamily.get(family);
        return m == null ? null : m.get(type);
    }

    private static List<EventDefinition> build() {
        List<EventDefinition> d = new ArrayList<>();
        Set<ChannelNamespace> exports = EnumSet.of(EXPORTS, EXPORT_JOB);
        for (String t : List.of("job.created", "job.progress", "job.finished", "job.failed", "job.requeued",
                "job.convert.done", "job.convert.failed", "bulk_download.ready", "bulk_download.failed")) {
            d.add(new EventDefinition(t, EXPORT_ENVELOPE, exports, t.equals("job.progress"),
                "events/export/" + t + ".json"));
        }
        for (String t : List.of("webhook.event.created", "webhook.endpoint.disabled")) {
            d.add(new EventDefinition(t, EXPORT_ENVELOPE, Set.of(WEBHOOKS), false, "events/export/" + t + ".json"));
        }
        d.add(new EventDefinition("subscription.updated", ACCOUNT, Set.of(USER), false,
            "events/account/subscription.updated.json"));
        for (String t : List.of("notification", "alert")) {
            d.add(new EventDefinition(t, TYPED_MESSAGE, EnumSet.of(USER_NOTIFICATIONS, NOTIFICATIONS), false,
                "events/typed/" + t + ".json"));
        }
        for (String t : List.of("dashboard.updated", "dashboard.activity", "dashboard.usage")) {
            d.add(new EventDefinition(t, TYPED_MESSAGE, Set.of(USER_DASHBOARD), false, "events/typed/" + t + ".json"));
        }
        for (String t : List.of("workbook.status_changed", "workbook.processing_started",
                "workbook.processing_progress", "workbook.processing_completed", "workbook.processing_failed",
                "sheet.data_updated")) {
            d.add(new EventDefinition(t, TYPED_MESSAGE, Set.of(WORKBOOK), t.equals("workbook.processing_progress"),
                "events/typed/" + t + ".json"));
        }
        for (String t : List.of("job.started", "job.progress", "job.completed", "job.failed", "job.cancelled",
                "job.retrying")) {
            d.add(new EventDefinition(t, TYPED_MESSAGE, Set.of(JOB), t.equals("job.progress"),
                "events/typed/" + t + ".json"));
        }
        Map<String, ChannelNamespace> entities = new java.util.LinkedHashMap<>();
        entities.put("order", ORDER_CHANGES);
        entities.put("product", PRODUCT_CHANGES);
        entities.put("customer", CUSTOMER_CHANGES);
        entities.put("shipment", SHIPMENT_CHANGES);
        entities.put("transaction", TRANSACTION_CHANGES);
        entities.forEach((entity, ns) -> {
            for (String action : List.of("created", "updated", "deleted")) {
                d.add(new EventDefinition(entity + ":" + action, ENTITY_CHANGE, Set.of(ns), false,
                    "events/entity/" + entity + "-" + action + ".json"));
            }
        });
        return d;
    }
}
