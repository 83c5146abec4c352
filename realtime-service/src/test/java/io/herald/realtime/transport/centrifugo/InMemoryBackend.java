package io.herald.realtime.transport.centrifugo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A test backend with real in-memory channels: a global offset counter (like a JetStream stream sequence, so a
 * channel's offsets increase but are not contiguous), bounded history per channel, an epoch that can be reset, and
 * hub-like fan-out that encodes each publication once per channel name as written by the subscribers.
 *
 * <p>Tokens are plain strings (this is about the protocol, not JWT): {@code u=<user>;t=<tenant>;exp=<epochSec>;
 * g=<grant>,<grant>}; {@code exp} 0 or missing = never expires; anything unparsable is invalid. Subscription tokens:
 * {@code sub=<user>;ch=<channel>;exp=<epochSec>}.
 *
 * <p>Channel rules (a subset of the built-in catalogue): personal {@code exports:<user>}, {@code notifications:<user>};
 * {@code job:<id>} needs a grant or a subscription token; {@code order_changes} is the short name of
 * {@code order_changes@<tenant>}; {@code admin:*} is never allowed; names with characters outside
 * {@code [A-Za-z0-9_@\-:.]} are bad; other namespaces are unknown.
 */
final class InMemoryBackend implements CentrifugoBackend {

    private final LongSupplier nowMillis;
    private long sequence;
    private String epoch = "E1";
    private int historySize = 100;
    private final Map<String, List<Publication>> history = new HashMap<>();
    private final Map<String, Map<CentrifugoSession, String>> subscribers = new HashMap<>();

    final Set<CentrifugoSession> disconnected = ConcurrentHashMap.newKeySet();
    final List<String> unsubscribed = new CopyOnWriteArrayList<>();
    final AtomicInteger encodings = new AtomicInteger();
    /** When set, subscribe() returns this incomplete future's result only when the test completes it. */
    volatile CompletableFuture<Void> subscribeGate;
    /** When true, a connect finds the user at its connection limit. */
    volatile boolean full;
    /** When true, every backend call fails (error 100). */
    volatile boolean failing;

    InMemoryBackend(LongSupplier nowMillis) {
        this.nowMillis = nowMillis;
    }

    // ----- test controls

    synchronized long publish(String channel, String json) {
        long offset = ++sequence;
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        List<Publication> list = history.computeIfAbsent(channel, c -> new ArrayList<>());
        list.add(new Publication(offset, data));
        while (list.size() > historySize) {
            trimmedUpTo.put(channel, list.remove(0).offset());
        }
        Map<CentrifugoSession, String> subs = subscribers.getOrDefault(channel, Map.of());
        Map<String, byte[]> frames = new HashMap<>();
        for (Map.Entry<CentrifugoSession, String> e : subs.entrySet()) {
            byte[] frame = frames.computeIfAbsent(e.getValue(), display -> {
                encodings.incrementAndGet();
                return CentrifugoCodec.publicationPush(display, offset, data);
            });
            e.getKey().client().send(new io.herald.realtime.hub.EncodedFrame(frame, channel, offset));
        }
        return offset;
    }

    synchronized void resetEpoch(String newEpoch) {
        epoch = newEpoch;
        history.clear();
        trimmedUpTo.clear();
    }

    synchronized void historySize(int size) {
        historySize = size;
    }

    synchronized String epoch() {
        return epoch;
    }

    synchronized int subscriberCount(String channel) {
        return subscribers.getOrDefault(channel, Map.of()).size();
    }

    static String token(String user, String tenant, long expSeconds, String... grants) {
        return "u=" + user + ";t=" + tenant + ";exp=" + expSeconds + ";g=" + String.join(",", grants);
    }

    // ----- CentrifugoBackend

    @Override
    public CompletionStage<TokenVerdict> authenticate(String token) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("backend down"));
        }
        Map<String, String> claims = parse(token);
        if (claims == null || !claims.containsKey("u")) {
            return CompletableFuture.completedFuture(TokenVerdict.refused(TokenProblem.INVALID));
        }
        long exp = Long.parseLong(claims.getOrDefault("exp", "0"));
        if (exp > 0 && exp * 1000 <= nowMillis.getAsLong()) {
            return CompletableFuture.completedFuture(TokenVerdict.refused(TokenProblem.EXPIRED));
        }
        String grants = claims.getOrDefault("g", "");
        List<String> list = grants.isEmpty() ? List.of() : List.of(grants.split(","));
        return CompletableFuture.completedFuture(
                TokenVerdict.valid(new Principal(claims.get("u"), claims.getOrDefault("t", ""), exp, list)));
    }

    @Override
    public List<String> personalChannels(Principal principal) {
        return List.of("exports:" + principal.userId(), "notifications:" + principal.userId());
    }

    @Override
    public CompletionStage<Access> authorize(Principal principal, String channel, String subscriptionToken) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("backend down"));
        }
        return CompletableFuture.completedFuture(decide(principal, channel, subscriptionToken));
    }

    private Access decide(Principal principal, String channel, String subscriptionToken) {
        if (!channel.matches("[A-Za-z0-9_@\\-:.]{1,255}")) {
            return Access.refuse(AccessOutcome.BAD_CHANNEL);
        }
        if (channel.equals("exports:" + principal.userId()) || channel.equals("notifications:" + principal.userId())) {
            return Access.allow(channel);
        }
        if (channel.equals("order_changes")) {
            return Access.allow("order_changes@" + principal.tenant());
        }
        if (channel.equals("order_changes@" + principal.tenant())) {
            return Access.allow(channel);
        }
        if (channel.startsWith("job:")) {
            for (String grant : principal.grants()) {
                if (grant.equals(channel) || (grant.endsWith("*")
                        && channel.startsWith(grant.substring(0, grant.length() - 1)))) {
                    return Access.allow(channel);
                }
            }
            if (subscriptionToken != null) {
                Map<String, String> claims = parse(subscriptionToken);
                if (claims == null || !principal.userId().equals(claims.get("sub"))
                        || !channel.equals(claims.get("ch"))) {
                    return Access.refuse(AccessOutcome.PERMISSION_DENIED);
                }
                long exp = Long.parseLong(claims.getOrDefault("exp", "0"));
                if (exp > 0 && exp * 1000 <= nowMillis.getAsLong()) {
                    return Access.refuse(AccessOutcome.TOKEN_EXPIRED);
                }
                return Access.allow(channel);
            }
            return Access.refuse(AccessOutcome.PERMISSION_DENIED);
        }
        if (channel.startsWith("admin:") || channel.startsWith("exports:") || channel.startsWith("notifications:")
                || channel.startsWith("order_changes@")) {
            return Access.refuse(AccessOutcome.PERMISSION_DENIED);
        }
        return Access.refuse(AccessOutcome.UNKNOWN_CHANNEL);
    }

    @Override
    public CompletionStage<Subscribed> subscribe(CentrifugoSession session, String channel, String displayChannel,
                                                 Position since) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("backend down"));
        }
        Subscribed result;
        synchronized (this) {
            // Register for live publications first, then read history: nothing can fall in between.
            subscribers.computeIfAbsent(channel, c -> new LinkedHashMap<>()).put(session, displayChannel);
            result = recover(channel, since);
        }
        CompletableFuture<Void> gate = subscribeGate;
        return gate == null ? CompletableFuture.completedFuture(result) : gate.thenApply(ignored -> result);
    }

    private Subscribed recover(String channel, Position since) {
        List<Publication> list = history.getOrDefault(channel, List.of());
        long top = list.isEmpty() ? 0 : list.get(list.size() - 1).offset();
        Position current = new Position(Math.max(top, 0), epoch);
        if (since == null) {
            return new Subscribed(current, false, List.of());
        }
        if (!since.epoch().equals(epoch)) {
            return new Subscribed(current, false, List.of());
        }
        // All-or-nothing: complete only if nothing after since.offset was trimmed from the bounded history.
        if (since.offset() < trimmedUpTo.getOrDefault(channel, 0L)) {
            return new Subscribed(current, false, List.of());
        }
        List<Publication> missed = list.stream().filter(p -> p.offset() > since.offset()).toList();
        return new Subscribed(current, true, missed);
    }

    /** Per channel: the offset of the newest publication dropped from history (0: none dropped). */
    private final Map<String, Long> trimmedUpTo = new HashMap<>();

    @Override
    public synchronized void unsubscribe(CentrifugoSession session, String channel) {
        Map<CentrifugoSession, String> subs = subscribers.get(channel);
        if (subs != null) {
            subs.remove(session);
        }
        unsubscribed.add(channel);
    }

    @Override
    public CompletionStage<History> history(String channel, int limit, Position since) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("backend down"));
        }
        synchronized (this) {
            List<Publication> list = history.getOrDefault(channel, List.of());
            long top = list.isEmpty() ? 0 : list.get(list.size() - 1).offset();
            List<Publication> selected = list.stream()
                    .filter(p -> since == null || p.offset() > since.offset()).toList();
            if (limit == 0) {
                selected = List.of();
            } else if (selected.size() > limit) {
                selected = since == null ? selected.subList(selected.size() - limit, selected.size())
                        : selected.subList(0, limit);
            }
            return CompletableFuture.completedFuture(new History(selected, new Position(top, epoch)));
        }
    }

    @Override
    public boolean connected(CentrifugoSession session) {
        return !full;
    }

    @Override
    public synchronized void disconnected(CentrifugoSession session) {
        for (Map<CentrifugoSession, String> subs : subscribers.values()) {
            subs.remove(session);
        }
        disconnected.add(session);
    }

    private static Map<String, String> parse(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        Map<String, String> claims = new HashMap<>();
        for (String part : token.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            claims.put(part.substring(0, eq), part.substring(eq + 1));
        }
        try {
            Long.parseLong(claims.getOrDefault("exp", "0"));
        } catch (NumberFormatException e) {
            return null;
        }
        return claims;
    }
}
