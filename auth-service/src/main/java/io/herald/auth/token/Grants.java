package io.herald.auth.token;

import io.herald.schema.ChannelName;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validates channel grants: a channel name (DESIGN §1: {@code [A-Za-z0-9_@\-:.]{1,255}}, no empty {@code .}-separated
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
