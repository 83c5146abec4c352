package io.herald.realtime.auth;

import io.herald.schema.ChannelName;
import io.herald.schema.ChannelNamespace;
import io.herald.schema.EventCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Channel permissions: personal channels only for their owner, tenant channels only for the token's tenant (short
 * names such as {@code order_changes} mean the client's own tenant), everything else only with a grant (exact, or a
 * trailing-{@code *} prefix) in the token's {@code channels} claim. Grants never open a personal or tenant channel:
 * a pattern such as {@code e*} or {@code order_changes@*} must not reach another user's {@code exports:} channel or
 * another tenant's changes, whoever minted it.
 */
public final class ChannelAccess {

    private ChannelAccess() {
    }

    /**
     * @param claims    the connection's claims
     * @param requested the channel as the client wrote it
     * @return the decision
     */
    public static SubscribeDecision decide(Claims claims, String requested) {
        Optional<ChannelNamespace> shortName = ChannelName.shortTenantName(requested);
        if (shortName.isPresent()) {
            try {
                return SubscribeDecision.allow(ChannelName.tenantChannel(shortName.get(), claims.tenant()).value(), requested);
            } catch (IllegalArgumentException | NullPointerException e) {
                return SubscribeDecision.refuse(requested, "forbidden", "the token names no usable tenant");
            }
        }
        ChannelName name;
        try {
            name = ChannelName.parse(requested);
        } catch (IllegalArgumentException e) {
            return SubscribeDecision.refuse(requested, "bad_channel", e.getMessage());
        }
        ChannelNamespace ns = name.namespace().orElse(null);
        String owner = name.owner().orElse(null);
        boolean owned = ns != null && (ns.personal() || ns.tenantScoped());
        boolean ok = owned
            ? owner != null && (ns.personal() ? owner.equals(claims.userId()) : owner.equals(claims.tenant()))
            : granted(claims, name.value());
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
     * @return the user's channels of the catalogue's auto-subscribed namespaces
     */
    public static List<String> personalChannels(String userId) {
        List<ChannelNamespace> auto = EventCatalog.active().autoSubscribed();
        List<String> channels = new ArrayList<>(auto.size());
        for (ChannelNamespace ns : auto) {
            channels.add(ChannelName.personal(ns, userId).value());
        }
        return channels;
    }

    /**
     * @param userId a user UUID
     * @return the user's notification channels ({@code /ws/notifications})
     */
    public static List<String> notificationChannels(String userId) {
        return List.of(ChannelName.personal(ChannelNamespace.NOTIFICATIONS, userId).value(),
            ChannelName.personal(ChannelNamespace.USER_NOTIFICATIONS, userId).value());
    }
}
