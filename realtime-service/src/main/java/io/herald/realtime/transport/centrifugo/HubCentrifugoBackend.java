package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.auth.ChannelAccess;
import io.herald.realtime.client.Client;
import io.herald.realtime.auth.Claims;
import io.herald.realtime.auth.InvalidTokenException;
import io.herald.realtime.auth.SubscribeDecision;
import io.herald.realtime.auth.TokenVerifier;
import io.herald.bus.BusEvent;
import io.herald.bus.EventBus;
import io.herald.schema.ChannelName;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.recovery.HistoryReplay;
import io.herald.realtime.recovery.Recovery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@link CentrifugoBackend} on Herald's core: the JWKS {@link TokenVerifier} (as {@code /ws}), the personal channels
 * and permission policy of {@link ChannelAccess} (as the Herald protocol), the {@link Hub} for live publications and
 * {@link HistoryReplay} for recovery (throttled exactly like the live stream, all-or-nothing, bounded).
 *
 * <p>A connection's {@link Client} joins the hub when its connect token is accepted; over
 * {@code herald.realtime.limits.connections-per-user} the connect is answered with close 3504. Token checks run on
 * the bounded token-verification executor and bus reads on the blocking one, never on the event loop.
 */
final class HubCentrifugoBackend implements CentrifugoBackend {

    private final TokenVerifier verifier;
    private final Hub hub;
    private final EventBus bus;
    private final HistoryReplay replay;
    private final int connectionsPerUser;
    private volatile boolean seeded;
    private final Executor blocking;
    private final Executor verification;

    HubCentrifugoBackend(TokenVerifier verifier, Hub hub, EventBus bus, HistoryReplay replay, int connectionsPerUser,
                         Executor blocking, Executor verification) {
        this.verification = verification;
        this.verifier = verifier;
        this.hub = hub;
        this.bus = bus;
        this.replay = replay;
        this.connectionsPerUser = connectionsPerUser;
        this.blocking = blocking;
    }

    @Override
    public CompletionStage<TokenVerdict> authenticate(String token) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Claims claims = verifier.verify(token);
                return TokenVerdict.valid(new Principal(claims.userId(), claims.tenant(),
                    claims.expiresAt().getEpochSecond(), claims.grants(), claims.sessionToken()));
            } catch (InvalidTokenException e) {
                return TokenVerdict.refused(e.expired() ? TokenProblem.EXPIRED : TokenProblem.INVALID);
            }
        }, verification);
    }

    @Override
    public List<String> personalChannels(Principal principal) {
        // the hub's own instances of the names: thousands of connections of one user keep one copy of each
        List<String> names = ChannelAccess.personalChannels(principal.userId());
        List<String> shared = new ArrayList<>(names.size());
        for (String name : names) {
            shared.add(hub.canonical(name));
        }
        return shared;
    }

    @Override
    public CompletionStage<Access> authorize(Principal principal, String channel, String subscriptionToken) {
        SubscribeDecision decision = ChannelAccess.decide(principal.claims(), channel);
        if (decision.allowed()) {
            return CompletableFuture.completedFuture(Access.allow(decision.channel()));
        }
        if ("bad_channel".equals(decision.errorCode())) {
            return CompletableFuture.completedFuture(Access.refuse(AccessOutcome.BAD_CHANNEL));
        }
        if (subscriptionToken == null) {
            return CompletableFuture.completedFuture(Access.refuse(refusal(channel)));
        }
        // A subscription token is a Herald token of the same user whose grants (channels claim) permit the channel:
        // what POST /api/tokens mints. Expired → 109, so the SDK asks getToken of the subscription for a new one.
        return CompletableFuture.supplyAsync(() -> {
            try {
                Claims sub = verifier.verify(subscriptionToken);
                if (!sub.userId().equals(principal.userId())) {
                    return Access.refuse(AccessOutcome.PERMISSION_DENIED);
                }
                SubscribeDecision granted = ChannelAccess.decide(
                    new Claims(principal.userId(), principal.tenant(), sub.grants(), sub.expiresAt()), channel);
                return granted.allowed() ? Access.allow(granted.channel()) : Access.refuse(refusal(channel));
            } catch (InvalidTokenException e) {
                return Access.refuse(e.expired() ? AccessOutcome.TOKEN_EXPIRED : AccessOutcome.PERMISSION_DENIED);
            }
        }, verification);
    }

    /** 102 for a well-formed name outside every namespace Herald serves, else 103. */
    private static AccessOutcome refusal(String channel) {
        try {
            return ChannelName.parse(channel).namespace().isEmpty() ? AccessOutcome.UNKNOWN_CHANNEL
                : AccessOutcome.PERMISSION_DENIED;
        } catch (IllegalArgumentException e) {
            return AccessOutcome.PERMISSION_DENIED;
        }
    }


    @Override
    public CompletionStage<Subscribed> subscribe(CentrifugoSession session, String channel, String displayChannel,
                                                 Position since) {
        Client client;
        try {
            client = registered(session);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (hub.subscribe(client, channel, displayChannel, Integer.MAX_VALUE) != Hub.SubscribeOutcome.SUBSCRIBED) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                "channel " + channel + " is already subscribed under another name"));
        }
        // live first, history second: nothing published in between is lost (the session drops the duplicates)
        long position = hub.position();
        if (since == null && (position > 0 || seeded)) {
            // the client's position without a read of the stream: every later event reaches it live
            return CompletableFuture.completedFuture(new Subscribed(new Position(position, bus.epoch()), false, List.of()));
        }
        return CompletableFuture.supplyAsync(() -> {
            if (since == null) {
                // once per process: the stream's end when nothing was handed out yet
                hub.seedPosition(bus.offsetAt(Long.MAX_VALUE) - 1);
                seeded = true;
                return new Subscribed(new Position(hub.position(), bus.epoch()), false, List.of());
            }
            Recovery recovery = replay.replay(channel, since.offset(), since.epoch());
            return new Subscribed(new Position(recovery.latestOffset(), recovery.epoch()), recovery.recovered(),
                publications(recovery.events()));
        }, blocking);
    }

    @Override
    public boolean connected(CentrifugoSession session) {
        Client client = session.client();
        if (!hub.register(client, connectionsPerUser)) {
            return false;
        }
        session.attach(client);
        return true;
    }

    private static Client registered(CentrifugoSession session) {
        if (session.attachment() != session.client()) {
            throw new IllegalStateException("subscribe before connect");
        }
        return session.client();
    }

    private static List<Publication> publications(List<BusEvent> events) {
        List<Publication> pubs = new ArrayList<>(events.size());
        for (BusEvent event : events) {
            pubs.add(new Publication(event.offset(), event.data()));
        }
        return pubs;
    }

    @Override
    public void unsubscribe(CentrifugoSession session, String channel) {
        if (session.attachment() == session.client()) {
            hub.unsubscribe(session.client(), channel);
        }
    }

    @Override
    public CompletionStage<History> history(String channel, int limit, Position since) {
        return CompletableFuture.supplyAsync(() -> {
            // Without a position: the latest publications of the recent stream (the recovery warm-up span of stream
            // time), as the live stream delivered them (throttled). With one: what followed it, all or nothing.
            long from = since != null ? since.offset()
                : Math.max(0, bus.offsetAt(System.currentTimeMillis() - replay.warmupMillis()) - 1);
            Recovery recovery = replay.replay(channel, from, since == null ? null : since.epoch());
            List<BusEvent> events = recovery.events();
            if (since == null && events.size() > limit) {
                events = events.subList(events.size() - limit, events.size());
            } else if (since != null && events.size() > limit) {
                events = events.subList(0, limit);
            }
            return new History(limit == 0 ? List.of() : publications(events),
                new Position(recovery.latestOffset(), recovery.epoch()));
        }, blocking);
    }

    @Override
    public void disconnected(CentrifugoSession session) {
        if (session.attachment() == session.client()) {
            hub.unregister(session.client());
        }
    }
}
