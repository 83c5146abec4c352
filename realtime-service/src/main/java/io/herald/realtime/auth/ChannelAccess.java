package io.herald.realtime.auth;

import io.herald.realtime.contract.ChannelName;
import io.herald.realtime.contract.Namespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Channel permissions of DESIGN §1: personal channels only for their owner, tenant channels only for the token's
 * tenant (short names such as {@code order_changes} mean the client's own tenant), everything else only with a grant
 * (exact, or a trailing-{@code *} prefix) in the token's {@code channels} claim.
 */
public final class ChannelAccess {

    /** Personal namespaces subscribed automatically on {@code /ws}. */
    private static final List<Namespace> PERSONAL = List.of(Namespace.EXPORTS, Namespace.WEBHOOKS, Namespace.USER,
        Namespace.USER_NOTIFICATIONS, Namespace.USER_DASHBOARD, Namespace.NOTIFICATIONS);

    private ChannelAccess() {
    }

    /**
     * @param claims    the connection's claims
     * @param requested the channel as the client wrote it
     * @return the decision
     */
    public static SubscribeDecision decide(Claims claims, String requested) {
        Optional<Namespace> shortName = Namespace.shortTenantName(requested == null ? "" : requested);
        if (shortName.isPresent()) {
            if (claims.tenant() == null) {
                return SubscribeDecision.refuse(requested, "forbidden", "the token names no tenant");
            }
            return SubscribeDecision.allow(shortName.get().channelOf(claims.tenant()), requested);
        }
        ChannelName name;
        try {
            name = ChannelName.parse(requested);
        } catch (IllegalArgumentException e) {
            return SubscribeDecision.refuse(requested, "bad_channel", e.getMessage());
        }
        if (granted(claims, name.value())) {
            return SubscribeDecision.allow(name.value(), requested);
        }
        Namespace ns = name.namespace();
        boolean ok = ns != null && switch (ns.kind()) {
            case PERSONAL -> name.owner().equals(claims.userId());
            case TENANT -> name.owner().equals(claims.tenant());
            case GRANTED -> false;
        };
        return ok ? SubscribeDecision.allow(name.value(), requested)
            : SubscribeDecision.refuse(requested, "forbidden", "not permitted to subscribe to " + requested);
    }

    private static boolean granted(Claims claims, String channel) {
        for (String grant : claims.grants()) {
            if (grant.endsWith("*") ? channel.startsWith(grant.substring(0, grant.length() - 1)) : grant.equals(channel)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param userId a user UUID
     * @return the user's personal channels (DESIGN §1)
     */
    public static List<String> personalChannels(String userId) {
        List<String> channels = new ArrayList<>(PERSONAL.size());
        for (Namespace ns : PERSONAL) {
            channels.add(ns.channelOf(userId));
        }
        return channels;
    }

    /**
     * @param userId a user UUID
     * @return the user's notification channels ({@code /ws/notifications})
     */
    public static List<String> notificationChannels(String userId) {
        return List.of(Namespace.NOTIFICATIONS.channelOf(userId), Namespace.USER_NOTIFICATIONS.channelOf(userId));
    }
}
