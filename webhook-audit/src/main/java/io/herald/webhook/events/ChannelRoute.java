package io.herald.webhook.events;

import io.herald.schema.ChannelName;
import io.herald.schema.ChannelNamespace;
import io.herald.schema.Subjects;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whose webhooks an event on a channel goes to: a user (their personal channels) or a tenant (the tenant's
 * channels). Grant-only channels ({@code job:…}, {@code export.….job}) and {@code webhooks:{uuid}} (it carries
 * {@code webhook.event.created}, which would loop) go to no webhook. Subjects and channel names are parsed by
 * event-schema's {@link Subjects} and {@link ChannelName}.
 *
 * @param channel the channel name
 * @param user    the owning user's uuid, for personal channels
 * @param tenant  the owning tenant, for tenant channels
 */
public record ChannelRoute(String channel, String user, String tenant) {

    private static final Map<String, Subjects> SUBJECTS = new ConcurrentHashMap<>();

    /**
     * @param prefix  subject prefix ({@code HERALD_SUBJECT_PREFIX})
     * @param subject a stream subject
     * @return the route, or empty when the channel's events never go to webhooks or the subject is malformed
     */
    public static Optional<ChannelRoute> ofSubject(String prefix, String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        return subjects(prefix).channelOf(subject).flatMap(ChannelRoute::of);
    }

    /**
     * @param channel a channel name
     * @return the route, or empty when its events never go to webhooks or the name is invalid
     */
    public static Optional<ChannelRoute> ofChannel(String channel) {
        if (!ChannelName.isValid(channel)) {
            return Optional.empty();
        }
        return of(ChannelName.parse(channel));
    }

    private static Optional<ChannelRoute> of(ChannelName name) {
        Optional<ChannelNamespace> ns = name.namespace();
        Optional<String> owner = name.owner();
        if (ns.isEmpty() || owner.isEmpty() || ns.get() == ChannelNamespace.WEBHOOKS) {
            return Optional.empty();
        }
        if (ns.get().personal()) {
            return Optional.of(new ChannelRoute(name.value(), owner.get(), null));
        }
        if (ns.get().tenantScoped()) {
            return Optional.of(new ChannelRoute(name.value(), null, owner.get()));
        }
        return Optional.empty();
    }

    /**
     * @param prefix subject prefix
     * @return the subject filter capturing every channel, {@code <prefix>.ch.>}
     */
    public static String allChannels(String prefix) {
        return subjects(prefix).allChannels();
    }

    /**
     * @param prefix  subject prefix
     * @param channel a channel name
     * @return the subject carrying that channel's events
     */
    public static String subject(String prefix, String channel) {
        return subjects(prefix).channel(ChannelName.parse(channel));
    }

    /**
     * @param userUuid a user
     * @return that user's {@code webhooks:{uuid}} channel
     */
    public static String webhooksChannel(String userUuid) {
        return ChannelName.personal(ChannelNamespace.WEBHOOKS, userUuid).value();
    }

    private static Subjects subjects(String prefix) {
        return SUBJECTS.computeIfAbsent(prefix, Subjects::new);
    }
}
