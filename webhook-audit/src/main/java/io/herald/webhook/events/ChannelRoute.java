package io.herald.webhook.events;

import java.util.Optional;
import java.util.Set;

/**
 * Whose webhooks an event on a channel goes to: a user (personal channels) or a tenant (tenant channels).
 *
 * <p>Local stand-in for {@code io.herald.schema.ChannelName} / {@code Subjects}, which were not published yet;
 * this is the only place that parses subjects and channel names in this module.
 *
 * @param channel the channel name
 * @param user    the owning user's uuid, for personal channels
 * @param tenant  the owning tenant, for tenant channels
 */
public record ChannelRoute(String channel, String user, String tenant) {

    private static final Set<String> PERSONAL = Set.of("exports", "user", "user_notifications_channel",
            "user_dashboard_channel", "notifications");
    private static final Set<String> CHANGES = Set.of("order_changes", "product_changes", "customer_changes",
            "shipment_changes", "transaction_changes");

    /**
     * @param prefix  subject prefix ({@code HERALD_SUBJECT_PREFIX})
     * @param subject a stream subject
     * @return the route, or empty when the channel's events never go to webhooks (grants-only channels, the
     *         {@code webhooks:} channel itself, or a malformed subject)
     */
    public static Optional<ChannelRoute> ofSubject(String prefix, String subject) {
        String head = channelPrefix(prefix);
        if (subject == null || !subject.startsWith(head)) {
            return Optional.empty();
        }
        return ofChannel(subject.substring(head.length()));
    }

    /**
     * @param channel a channel name
     * @return the route, or empty when its events never go to webhooks
     */
    public static Optional<ChannelRoute> ofChannel(String channel) {
        int colon = channel.indexOf(':');
        if (colon > 0) {
            String ns = channel.substring(0, colon);
            String rest = channel.substring(colon + 1);
            if (PERSONAL.contains(ns) && !rest.isEmpty() && rest.indexOf(':') < 0) {
                return Optional.of(new ChannelRoute(channel, rest, null));
            }
            if (ns.equals("workbook")) {
                int second = rest.indexOf(':');
                if (second > 0) {
                    return Optional.of(new ChannelRoute(channel, null, rest.substring(0, second)));
                }
            }
            return Optional.empty();
        }
        int at = channel.indexOf('@');
        if (at > 0 && CHANGES.contains(channel.substring(0, at)) && at < channel.length() - 1) {
            return Optional.of(new ChannelRoute(channel, null, channel.substring(at + 1)));
        }
        return Optional.empty();
    }

    /**
     * @param prefix subject prefix
     * @return the subject filter capturing every channel, {@code <prefix>.ch.>}
     */
    public static String allChannels(String prefix) {
        return channelPrefix(prefix) + ">";
    }

    /**
     * @param prefix  subject prefix
     * @param channel a channel name
     * @return the subject carrying that channel's events
     */
    public static String subject(String prefix, String channel) {
        return channelPrefix(prefix) + channel;
    }

    /**
     * @param userUuid a user
     * @return that user's {@code webhooks:{uuid}} channel
     */
    public static String webhooksChannel(String userUuid) {
        return "webhooks:" + userUuid;
    }

    private static String channelPrefix(String prefix) {
        return prefix + ".ch.";
    }
}
