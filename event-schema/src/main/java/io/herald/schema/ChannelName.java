package io.herald.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A syntactically valid channel name, with the namespace and owner it belongs to when it is one
 * of Herald's event channels. Value object: equal when the names are equal.
 *
 * <p>Syntax: 1 to 255 characters from {@code [A-Za-z0-9_@\-:.]}, no empty {@code .}-separated token (so no
 * leading, trailing or doubled dot); {@code *}, {@code >} and whitespace can therefore never occur. A
 * syntactically valid name outside the catalogue's namespaces (for example the short name {@code order_changes})
 * parses, but has no {@link #namespace()}; such channels carry no events.
 *
 * <p>Owner and resource ids inside a name ({@code {userUuid}}, {@code {jobId}}, {@code {guid}},
 * {@code {workbookId}}) consist of {@code [A-Za-z0-9_-]}; tenant ids may also contain dots.
 */
public final class ChannelName {

    /** Maximum length of a channel name. */
    public static final int MAX_LENGTH = 255;

    private final String value;
    private final ChannelNamespace namespace;
    private final String owner;
    private final String resource;

    private ChannelName(String value, ChannelNamespace namespace, String owner, String resource) {
        this.value = value;
        this.namespace = namespace;
        this.owner = owner;
        this.resource = resource;
    }

    /**
     * Parses a channel name.
     *
     * @param raw the name as written by a publisher or client
     * @return the channel
     * @throws IllegalArgumentException when the name breaks the syntax, with a message saying why
     */
    public static ChannelName parse(String raw) {
        return parse(raw, EventCatalog.active());
    }

    /** Parses a channel name against a catalogue's namespaces. */
    static ChannelName parse(String raw, EventCatalog catalog) {
        String problem = syntaxProblem(raw);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return classify(raw, catalog);
    }

    /**
     * Whether {@code raw} is a syntactically valid channel name (it may still be outside the catalogue's namespaces).
     *
     * @param raw the name
     * @return true when {@link #parse(String)} would succeed
     */
    public static boolean isValid(String raw) {
        return syntaxProblem(raw) == null;
    }

    /**
     * The personal channel of a user, e.g. {@code exports:{uuid}}.
     *
     * @param ns       a personal namespace
     * @param userUuid the user's UUID (the token's {@code sub})
     * @return the channel
     * @throws IllegalArgumentException when {@code ns} is not personal or the id is not a valid id
     */
    public static ChannelName personal(ChannelNamespace ns, String userUuid) {
        Objects.requireNonNull(ns, "ns");
        if (!ns.personal()) {
            throw new IllegalArgumentException("namespace " + ns + " is not personal");
        }
        requireId("user id", userUuid, false);
        if (!ns.placeholders().equals(java.util.List.of(ChannelPattern.USER))) {
            throw new IllegalArgumentException("namespace " + ns + " (" + ns.template() + ") has more than {userUuid}");
        }
        return parse(ns.pattern().fill(userUuid));
    }

    /**
     * The entity change channel of a tenant, e.g. {@code order_changes@{tenant}}.
     *
     * @param ns     one of the {@code *_CHANGES} namespaces
     * @param tenant the tenant id
     * @return the channel
     * @throws IllegalArgumentException when {@code ns} is not an entity change namespace or the tenant is invalid
     */
    public static ChannelName tenantChannel(ChannelNamespace ns, String tenant) {
        Objects.requireNonNull(ns, "ns");
        if (ns.shortName().isEmpty()) {
            throw new IllegalArgumentException("namespace " + ns + " is not a 'name@{tenantId}' namespace"
                + (ns.equals(ChannelNamespace.WORKBOOK) ? "; use ChannelName.workbook(tenant, workbookId)"
                   : ns.tenantScoped() ? "; build its channels from its pattern " + ns.template() : ""));
        }
        requireId("tenant id", tenant, true);
        return parse(ns.pattern().fill(tenant));
    }

    /**
     * The workbook channel {@code workbook:{tenantId}:{workbookId}}.
     *
     * @param tenant     the tenant id
     * @param workbookId the workbook id
     * @return the channel
     * @throws IllegalArgumentException when an id is invalid
     */
    public static ChannelName workbook(String tenant, String workbookId) {
        requireId("tenant id", tenant, true);
        requireId("workbook id", workbookId, false);
        return parse("workbook:" + tenant + ":" + workbookId);
    }

    /**
     * The job channel {@code job:{jobId}}.
     *
     * @param jobId the job id
     * @return the channel
     * @throws IllegalArgumentException when the id is invalid
     */
    public static ChannelName job(String jobId) {
        requireId("job id", jobId, false);
        return parse("job:" + jobId);
    }

    /**
     * The export job channel {@code export.{guid}.job}.
     *
     * @param guid the export job guid
     * @return the channel
     * @throws IllegalArgumentException when the guid is invalid
     */
    public static ChannelName exportJob(String guid) {
        requireId("export guid", guid, false);
        return parse("export." + guid + ".job");
    }

    /**
     * The entity change namespace a client means by a short name, e.g. {@code order_changes} →
     * {@link ChannelNamespace#ORDER_CHANGES} (the client's own tenant's channel).
     *
     * @param raw the name a client wrote
     * @return the namespace, or empty when {@code raw} is not a short name
     */
    public static Optional<ChannelNamespace> shortTenantName(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        for (ChannelNamespace ns : EventCatalog.active().namespaces()) {
            if (ns.shortName().filter(raw::equals).isPresent()) {
                return Optional.of(ns);
            }
        }
        return Optional.empty();
    }

    /**
     * The channel name as text.
     *
     * @return the name
     */
    public String value() {
        return value;
    }

    /**
     * The catalogue namespace this channel belongs to.
     *
     * @return the namespace; empty for names outside the table
     */
    public Optional<ChannelNamespace> namespace() {
        return Optional.ofNullable(namespace);
    }

    /**
     * Who the channel belongs to: the user UUID of a personal channel, the tenant id of a tenant-scoped
     * channel, the job id of {@code job:{jobId}} or the guid of {@code export.{guid}.job}.
     *
     * @return the owner; empty for names outside the table
     */
    public Optional<String> owner() {
        return Optional.ofNullable(owner);
    }

    /**
     * The resource the channel is about: the workbook id of {@code workbook:{tenantId}:{workbookId}}, the job
     * id of {@code job:{jobId}}, the guid of {@code export.{guid}.job}.
     *
     * @return the resource id; empty for other channels
     */
    public Optional<String> resourceId() {
        return Optional.ofNullable(resource);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelName other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    // --- parsing ---------------------------------------------------------------------------------------

    static boolean allowedChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '_' || c == '@' || c == '-' || c == ':' || c == '.';
    }

    /** Returns a description of the first syntax problem, or null when the name is valid. */
    static String syntaxProblem(String raw) {
        if (raw == null) {
            return "channel name must not be null";
        }
        int n = raw.length();
        if (n == 0) {
            return "channel name must not be empty";
        }
        if (n > MAX_LENGTH) {
            return "channel name is " + n + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        char prev = '.';
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (!allowedChar(c)) {
                return "channel name " + quoteForMessage(raw) + " contains " + describe(c) + " at index " + i
                    + "; allowed are letters, digits and _ @ - : .";
            }
            if (c == '.' && prev == '.') {
                return "channel name " + quoteForMessage(raw) + " has an empty '.'-separated token at index " + i;
            }
            prev = c;
        }
        if (prev == '.') {
            return "channel name " + quoteForMessage(raw) + " ends with '.' (empty '.'-separated token)";
        }
        return null;
    }

    private static String describe(char c) {
        if (Character.isWhitespace(c)) {
            return "whitespace";
        }
        if (c == '*' || c == '>') {
            return "the wildcard '" + c + "'";
        }
        if (c < 0x20 || c > 0x7e) {
            return String.format("the character U+%04X", (int) c);
        }
        return "the character '" + c + "'";
    }

    static String quoteForMessage(String raw) {
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), 80) + 2).append('\'');
        int limit = Math.min(raw.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = raw.charAt(i);
            sb.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        if (raw.length() > limit) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    /**
     * The first namespace (in catalogue order) whose pattern matches decides. The owner is the {@code {userUuid}}
     * or {@code {tenantId}} value, else the resource; the resource is the last other placeholder's value.
     */
    private static ChannelName classify(String raw, EventCatalog catalog) {
        for (ChannelNamespace ns : catalog.namespaces()) {
            ChannelPattern p = ns.pattern();
            String[] values = p.match(raw);
            if (values == null) {
                continue;
            }
            String owner = null;
            String resource = null;
            List<String> names = p.placeholders();
            for (int i = 0; i < values.length; i++) {
                String name = names.get(i);
                if (ChannelPattern.USER.equals(name) || ChannelPattern.TENANT.equals(name)) {
                    owner = values[i];
                } else {
                    resource = values[i];
                }
            }
            return new ChannelName(raw, ns, owner != null ? owner : resource, resource);
        }
        return new ChannelName(raw, null, null, null);
    }

    private static boolean isId(String s, boolean dotsAllowed) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || (dotsAllowed && c == '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void requireId(String what, String id, boolean dotsAllowed) {
        if (id == null || !isId(id, dotsAllowed)) {
            throw new IllegalArgumentException(what + " " + (id == null ? "null" : quoteForMessage(id))
                + " is not valid: use 1 or more of letters, digits, _ and -" + (dotsAllowed ? " and ." : ""));
        }
    }
}
