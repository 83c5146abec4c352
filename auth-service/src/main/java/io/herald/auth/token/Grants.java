package io.herald.auth.token;

import io.herald.schema.ChannelName;
import io.herald.schema.ChannelNamespace;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validates channel grants: a channel name ({@code [A-Za-z0-9_@\-:.]{1,255}}, no empty {@code .}-separated
 * token) or a pattern made of a non-empty channel-name prefix followed by one trailing {@code *} ({@code job:*}).
 * Channel-name syntax is decided by {@link ChannelName}, the one place that parses channel names.
 */
public final class Grants {

    private static final Pattern CHANNEL_CHARS = Pattern.compile("[A-Za-z0-9_@\\-:.]{1,255}");

    private Grants() {
    }

    /**
     * Checks grants.
     *
     * @param grants    the requested grants
     * @param maxGrants the most grants allowed
     * @return a description of the first problem, or empty when all are valid
     */
    public static Optional<String> validate(List<String> grants, int maxGrants) {
        if (grants.size() > maxGrants) {
            return Optional.of("at most " + maxGrants + " channel grants are allowed");
        }
        for (int i = 0; i < grants.size(); i++) {
            String grant = grants.get(i);
            if (grant == null || !isValid(grant)) {
                return Optional.of("channels[" + i + "] is not a channel name or a trailing-* pattern");
            }
        }
        return Optional.empty();
    }

    /**
     * Checks what grants could open: never a personal channel of another user nor a channel of another tenant.
     * Patterns may not reach into a personal or tenant namespace at all ({@code e*} would match
     * {@code exports:<anyone>}, {@code order_changes@acme*} also {@code order_changes@acme2}): their owners reach
     * those channels without grants. Exact names there are accepted only for the token's own user or tenant.
     * Grant-only namespaces ({@code job:}, {@code export.<guid>.job}) and names outside every namespace are free.
     *
     * @param grants valid grants (see {@link #validate})
     * @param user   the token's user UUID
     * @param tenant the token's tenant
     * @return a description of the first refused grant, or empty
     */
    public static Optional<String> scope(List<String> grants, String user, String tenant) {
        for (int i = 0; i < grants.size(); i++) {
            String grant = grants.get(i);
            if (grant.endsWith("*")) {
                String prefix = grant.substring(0, grant.length() - 1);
                for (ChannelNamespace ns : ChannelNamespace.values()) {
                    String fixed = fixedPrefix(ns);
                    if (!ns.granted() && (fixed.startsWith(prefix) || prefix.startsWith(fixed))) {
                        return Optional.of("channels[" + i + "] could match " + (ns.personal()
                            ? "other users' personal channels" : "other tenants' channels") + " (" + ns.template()
                            + "); patterns may only cover grant-only channels");
                    }
                }
                continue;
            }
            ChannelName name = ChannelName.parse(grant);
            ChannelNamespace ns = name.namespace().orElse(null);
            String owner = name.owner().orElse(null);
            if (ns != null && ns.personal() && !user.equals(owner)) {
                return Optional.of("channels[" + i + "] is another user's personal channel");
            }
            if (ns != null && ns.tenantScoped() && !tenant.equals(owner)) {
                return Optional.of("channels[" + i + "] is another tenant's channel");
            }
        }
        return Optional.empty();
    }

    private static String fixedPrefix(ChannelNamespace ns) {
        String template = ns.template();
        int brace = template.indexOf('{');
        return brace < 0 ? template : template.substring(0, brace);
    }

    /** @return whether the grant is a valid channel name or trailing-{@code *} pattern */
    public static boolean isValid(String grant) {
        if (grant.endsWith("*")) {
            String prefix = grant.substring(0, grant.length() - 1);
            // The prefix may end in a separator ("job:", "export.") but must otherwise be a valid channel start.
            return !prefix.isEmpty() && CHANNEL_CHARS.matcher(prefix).matches() && !prefix.startsWith(".")
                && !prefix.contains("..");
        }
        return isChannel(grant);
    }

    /** @return whether the value is a valid channel name */
    public static boolean isChannel(String channel) {
        return ChannelName.isValid(channel);
    }
}
