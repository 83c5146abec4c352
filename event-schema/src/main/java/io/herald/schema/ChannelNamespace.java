package io.herald.schema;

import com.fasterxml.jackson.core.JsonPointer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A channel namespace of the catalogue: a name pattern ({@code exports:{userUuid}}), who may subscribe, the event
 * types its channels carry and how they are throttled, kept and named in webhooks. Namespaces are read from
 * {@code namespaces.yaml} ({@link EventCatalog}); none is compiled in.
 *
 * <p>The constants below name the built-in namespaces for code written before the catalogue; they are the
 * built-in catalogue's entries. Two namespaces are equal when their names are equal, so a constant equals the
 * operator's replacement of that namespace. Exactly one of {@link #personal()}, {@link #tenantScoped()} and
 * {@link #granted()} is true. Immutable.
 */
public final class ChannelNamespace implements Comparable<ChannelNamespace> {

    /** Who may subscribe to a namespace's channels. */
    public enum Access {
        /** The user whose UUID is the channel's {@code {userUuid}}. */
        PERSONAL,
        /** Users whose token's {@code tenant} is the channel's {@code {tenantId}}. */
        TENANT,
        /** Holders of a grant (a channel name or trailing-{@code *} pattern in the token's {@code channels}). */
        GRANT
    }

    /**
     * A mirror rule: every event published on this namespace's channels is also delivered on a channel of
     * namespace {@code to}, whose one placeholder is the value at {@code key} in the event.
     *
     * @param to  the target namespace's name
     * @param key JSON pointer to the target channel's placeholder value in the event
     */
    public record Mirror(String to, String key) {
    }

    private static final EventCatalog BUILT_IN = CatalogLoader.loadBuiltIn();

    /** {@code exports:{userUuid}}: export job events of one user. */
    public static final ChannelNamespace EXPORTS = builtIn("exports");
    /** {@code export.{guid}.job}: the export job events of one job. */
    public static final ChannelNamespace EXPORT_JOB = builtIn("export_job");
    /** {@code webhooks:{userUuid}}: webhook delivery events of one user. */
    public static final ChannelNamespace WEBHOOKS = builtIn("webhooks");
    /** {@code user:{userUuid}}: account events of one user. */
    public static final ChannelNamespace USER = builtIn("user");
    /** {@code user_notifications_channel:{userUuid}}: toast notifications. */
    public static final ChannelNamespace USER_NOTIFICATIONS = builtIn("user_notifications");
    /** {@code user_dashboard_channel:{userUuid}}: dashboard updates. */
    public static final ChannelNamespace USER_DASHBOARD = builtIn("user_dashboard");
    /** {@code notifications:{userUuid}}: notifications. */
    public static final ChannelNamespace NOTIFICATIONS = builtIn("notifications");
    /** {@code workbook:{tenantId}:{workbookId}}: workbook events of one tenant's workbook. */
    public static final ChannelNamespace WORKBOOK = builtIn("workbook");
    /** {@code job:{jobId}}: typed job progress events of one job. */
    public static final ChannelNamespace JOB = builtIn("job");
    /** {@code order_changes@{tenantId}}. */
    public static final ChannelNamespace ORDER_CHANGES = builtIn("order_changes");
    /** {@code product_changes@{tenantId}}. */
    public static final ChannelNamespace PRODUCT_CHANGES = builtIn("product_changes");
    /** {@code customer_changes@{tenantId}}. */
    public static final ChannelNamespace CUSTOMER_CHANGES = builtIn("customer_changes");
    /** {@code shipment_changes@{tenantId}}. */
    public static final ChannelNamespace SHIPMENT_CHANGES = builtIn("shipment_changes");
    /** {@code transaction_changes@{tenantId}}. */
    public static final ChannelNamespace TRANSACTION_CHANGES = builtIn("transaction_changes");

    private final String name;
    private final int order;
    private final ChannelPattern pattern;
    private final Access access;
    private final boolean autoSubscribe;
    private final Set<String> progress;
    private final Set<String> terminal;
    private final Set<String> reopen;
    private final String jobKey;
    private final JsonPointer jobKeyPointer;
    private final JsonPointer mirrorKeyPointer;
    private final Integer historySize;
    private final Map<String, String> webhookNames;
    private final Mirror mirror;

    ChannelNamespace(String name, int order, ChannelPattern pattern, Access access, boolean autoSubscribe,
                     Set<String> progress, Set<String> terminal, Set<String> reopen, String jobKey,
                     Integer historySize, Map<String, String> webhookNames, Mirror mirror) {
        this.name = name;
        this.order = order;
        this.pattern = pattern;
        this.access = access;
        this.autoSubscribe = autoSubscribe;
        this.progress = Set.copyOf(progress);
        this.terminal = Set.copyOf(terminal);
        this.reopen = Set.copyOf(reopen);
        this.jobKey = jobKey;
        this.jobKeyPointer = jobKey == null ? null : JsonPointer.compile(jobKey);
        this.mirrorKeyPointer = mirror == null ? null : JsonPointer.compile(mirror.key());
        this.historySize = historySize;
        this.webhookNames = Map.copyOf(webhookNames);
        this.mirror = mirror;
    }

    private static ChannelNamespace builtIn(String name) {
        return BUILT_IN.namespace(name).orElseThrow(() -> new IllegalStateException("built-in namespace " + name
            + " missing from the built-in namespaces.yaml"));
    }

    /** The built-in catalogue (loaded once, with this class). */
    static EventCatalog builtInCatalog() {
        return BUILT_IN;
    }

    /**
     * The namespaces of the active catalogue ({@link EventCatalog#active()}), in catalogue order.
     *
     * @return the namespaces
     */
    public static ChannelNamespace[] values() {
        return EventCatalog.active().namespaces().toArray(new ChannelNamespace[0]);
    }

    /**
     * Looks a namespace of the active catalogue up by name, ignoring case ({@code EXPORT_JOB} finds
     * {@code export_job}).
     *
     * @param name the name
     * @return the namespace
     * @throws IllegalArgumentException when there is none
     */
    public static ChannelNamespace valueOf(String name) {
        Objects.requireNonNull(name, "name");
        return EventCatalog.active().namespace(name.toLowerCase(Locale.ROOT))
            .orElseThrow(() -> new IllegalArgumentException("no channel namespace " + name));
    }

    /**
     * The namespace's name in {@code namespaces.yaml}, e.g. {@code exports}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Who may subscribe.
     *
     * @return the access kind
     */
    public Access access() {
        return access;
    }

    /**
     * Whether the channel belongs to one user ({@code {userUuid}} in its pattern).
     *
     * @return true for personal namespaces
     */
    public boolean personal() {
        return access == Access.PERSONAL;
    }

    /**
     * Whether the channel belongs to one tenant: users whose token's {@code tenant} matches may subscribe.
     *
     * @return true for tenant namespaces
     */
    public boolean tenantScoped() {
        return access == Access.TENANT;
    }

    /**
     * Whether subscribing needs a grant in the token's {@code channels} claim.
     *
     * @return true for grant-only namespaces
     */
    public boolean granted() {
        return access == Access.GRANT;
    }

    /**
     * Whether a connection joins the user's channel of this namespace on connect (server-side subscription).
     *
     * @return true for auto-subscribed personal namespaces
     */
    public boolean autoSubscribe() {
        return autoSubscribe;
    }

    /**
     * The channel name pattern, e.g. {@code exports:{userUuid}}.
     *
     * @return the pattern
     */
    public String template() {
        return pattern.template();
    }

    /**
     * The placeholders of the pattern, in order, e.g. {@code [tenantId, workbookId]}.
     *
     * @return the placeholder names
     */
    public List<String> placeholders() {
        return pattern.placeholders();
    }

    /**
     * The short name a client may write for a {@code name@{tenantId}} namespace, e.g. {@code order_changes}.
     *
     * @return the short name; empty for other namespaces
     */
    public Optional<String> shortName() {
        return Optional.ofNullable(pattern.shortName());
    }

    /**
     * The event types this namespace's progress events have (throttled per job key).
     *
     * @return the type names; empty when nothing is throttled
     */
    public Set<String> progress() {
        return progress;
    }

    /**
     * The event types that finish a job: progress published after one of them is dropped until a reopening type.
     *
     * @return the type names
     */
    public Set<String> terminal() {
        return terminal;
    }

    /**
     * The event types that reopen a finished job.
     *
     * @return the type names
     */
    public Set<String> reopen() {
        return reopen;
    }

    /**
     * JSON pointer to the job key in an event (what throttling groups by), e.g. {@code /guid}.
     *
     * @return the pointer; empty when the namespace has none
     */
    public Optional<String> jobKey() {
        return Optional.ofNullable(jobKey);
    }

    /**
     * How many events of one channel a recovering client may be sent, when the namespace sets it.
     *
     * @return the size; empty for the service's default
     */
    public OptionalInt historySize() {
        return historySize == null ? OptionalInt.empty() : OptionalInt.of(historySize);
    }

    /**
     * Public names of event types in webhooks, e.g. {@code job.finished → export.finished}.
     *
     * @return the map from event type to public name; types absent keep their name
     */
    public Map<String, String> webhookNames() {
        return webhookNames;
    }

    /**
     * The name of an event type in webhooks.
     *
     * @param type the event type
     * @return its public name, or {@code type} itself when none is set
     */
    public String webhookName(String type) {
        return webhookNames.getOrDefault(type, type);
    }

    /**
     * The mirror rule: another namespace that receives this namespace's events.
     *
     * @return the rule; empty when none
     */
    public Optional<Mirror> mirror() {
        return Optional.ofNullable(mirror);
    }

    /** The literal prefix before the first placeholder, e.g. {@code exports:} or {@code order_changes@}. */
    String prefix() {
        return pattern.prefix();
    }

    /** The compiled {@link #jobKey()}, or null. */
    JsonPointer jobKeyPointer() {
        return jobKeyPointer;
    }

    /** The compiled key of the {@link #mirror()} rule, or null. */
    JsonPointer mirrorKeyPointer() {
        return mirrorKeyPointer;
    }

    ChannelPattern pattern() {
        return pattern;
    }

    int order() {
        return order;
    }

    @Override
    public int compareTo(ChannelNamespace o) {
        int c = Integer.compare(order, o.order);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelNamespace ns && ns.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
