package io.herald.realtime.contract;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed channel name (DESIGN §1): the one place realtime-service validates and takes channel names apart.
 * Mirrors {@code io.herald.schema.ChannelName} until event-schema publishes it.
 *
 * @param value     the full name
 * @param namespace its namespace, when it has a known one
 * @param owner     the user UUID (personal), tenant (tenant channels) or job id/guid (granted channels)
 */
public record ChannelName(String value, Namespace namespace, String owner) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_@\\-:.]{1,255}");

    /**
     * @param raw a channel name
     * @return whether {@link #parse} accepts it
     */
    public static boolean isValid(String raw) {
        return problem(raw) == null;
    }

    private static String problem(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "channel name is empty";
        }
        if (!VALID.matcher(raw).matches()) {
            return "channel name must be 1-255 characters of A-Z a-z 0-9 _ @ - : .";
        }
        if (raw.startsWith(".") || raw.endsWith(".") || raw.contains("..")) {
            return "channel name has an empty '.'-separated token";
        }
        return null;
    }

    /**
     * @param raw a channel name
     * @return it, parsed
     * @throws IllegalArgumentException when the name is not a valid channel name (the message says why)
     */
    public static ChannelName parse(String raw) {
        String problem = problem(raw);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (raw.startsWith("export.") && raw.endsWith(".job") && raw.length() > "export..job".length()) {
            return new ChannelName(raw, Namespace.EXPORT_JOB, raw.substring("export.".length(), raw.length() - ".job".length()));
        }
        for (Namespace ns : Namespace.values()) {
            if (ns == Namespace.EXPORT_JOB) {
                continue;
            }
            String head = ns.channelOf("");
            if (raw.startsWith(head) && raw.length() > head.length()) {
                String owner = raw.substring(head.length());
                if (ns == Namespace.WORKBOOK) {
                    int sep = owner.indexOf(':');
                    if (sep <= 0 || sep == owner.length() - 1) {
                        throw new IllegalArgumentException("workbook channel must be workbook:{tenantId}:{workbookId}");
                    }
                    return new ChannelName(raw, ns, owner.substring(0, sep));
                }
                return new ChannelName(raw, ns, owner);
            }
        }
        return new ChannelName(raw, null, null);
    }

    /** @return the namespace, if known */
    public Optional<Namespace> knownNamespace() {
        return Optional.ofNullable(namespace);
    }

    /** @return for a workbook channel, the workbook id; otherwise empty */
    public Optional<String> workbookId() {
        if (namespace != Namespace.WORKBOOK) {
            return Optional.empty();
        }
        return Optional.of(value.substring(value.indexOf(':', "workbook:".length()) + 1));
    }
}
