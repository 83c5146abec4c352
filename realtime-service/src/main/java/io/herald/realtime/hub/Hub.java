package io.herald.realtime.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The registry of connected sessions and their channel subscriptions, and the fan-out of deliveries to them.
 *
 * <p>Plain Java, no I/O: {@link #publish} encodes each event once per (protocol, channel display name) and hands the
 * shared frame to each subscriber's non-blocking {@link Session#send}. Subscriptions live in shards keyed by channel;
 * each channel's subscribers are an immutable array replaced on change (copy-on-write), so fan-out iterates a
 * snapshot without taking any lock, and subscribe/unsubscribe only contend within one shard.
 *
 * <p>Thread-safety: every method may be called from any thread. Per-channel delivery order is the order of
 * {@link #publish} calls, so callers publish one channel from one thread at a time (the router does).
 */
public final class Hub {

    private static final io.herald.support.log.RateLimitedWarning FAILED_SENDS = new io.herald.support.log.RateLimitedWarning(
        org.slf4j.LoggerFactory.getLogger(Hub.class), java.time.Duration.ofSeconds(10));

    /** Result of {@link #subscribe}. */
    public enum SubscribeOutcome {
        /** the session now receives the channel */
        SUBSCRIBED,
        /** it already did (nothing changed) */
        ALREADY_SUBSCRIBED,
        /** the session has reached its subscription limit */
        LIMIT_REACHED,
        /** the session is not (or no longer) registered */
        UNKNOWN_SESSION
    }

    private static final Subscriber[] NONE = new Subscriber[0];

    private final Map<String, Subscriber[]>[] shards;
    // Keyed by the session object itself (Session implementations keep Object's identity equals): a transport's id
    // may repeat — Micronaut's was the client's Sec-WebSocket-Key, which two clients may share.
    private final Map<Session, Entry> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final LongAdder deliveries = new LongAdder();
    // the highest offset handed to publish (one publishing thread: the router)
    private volatile long position;

    /**
     * @param shardCount number of subscription shards (a power of two is not required); must be positive
     */
    @SuppressWarnings("unchecked")
    public Hub(int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shardCount must be positive, was " + shardCount);
        }
        shards = new Map[shardCount];
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new ConcurrentHashMap<>();
        }
    }

    /**
     * Registers a session unless its user already has {@code maxPerUser} sessions.
     *
     * @param session    the new session
     * @param maxPerUser connection limit per user
     * @return false when the limit is reached (the session is not registered)
     */
    public boolean register(Session session, int maxPerUser) {
        boolean[] admitted = {false};
        perUser.compute(session.userId(), (user, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerUser) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (admitted[0]) {
            sessions.put(session, new Entry(session));
        }
        return admitted[0];
    }

    /**
     * Removes a session and all its subscriptions. Idempotent.
     *
     * @param session the session
     */
    public void unregister(Session session) {
        Entry entry = sessions.remove(session);
        if (entry == null) {
            return;
        }
        for (String channel : subscriptionsOf(entry)) {
            removeSubscriber(channel, session);
        }
        perUser.computeIfPresent(session.userId(), (user, count) -> count <= 1 ? null : count - 1);
    }

    private static List<String> subscriptionsOf(Entry entry) {
        synchronized (entry) {
            return new ArrayList<>(entry.channels.keySet());
        }
    }

    /**
     * @param userId a user UUID
     * @return the user's registered sessions
     */
    public int connectionsOf(String userId) {
        return perUser.getOrDefault(userId, 0);
    }

    /**
     * Subscribes a session to a channel.
     *
     * @param session        a registered session
     * @param channel        the full channel name the bus publishes on
     * @param displayChannel the name frames should carry for this subscriber (what the client wrote)
     * @param maxSubscriptions the session's subscription limit
     * @return what happened
     */
    public SubscribeOutcome subscribe(Session session, String channel, String displayChannel, int maxSubscriptions) {
        Entry entry = sessions.get(session);
        if (entry == null) {
            return SubscribeOutcome.UNKNOWN_SESSION;
        }
        synchronized (entry) {
            if (entry.channels.containsKey(channel)) {
                return SubscribeOutcome.ALREADY_SUBSCRIBED;
            }
            if (entry.channels.size() >= maxSubscriptions) {
                return SubscribeOutcome.LIMIT_REACHED;
            }
            entry.channels.put(channel, displayChannel);
        }
        Subscriber subscriber = new Subscriber(session, displayChannel);
        shard(channel).merge(channel, new Subscriber[] {subscriber}, (old, one) -> {
            Subscriber[] copy = Arrays.copyOf(old, old.length + 1);
            copy[old.length] = subscriber;
            return copy;
        });
        subscriptionCount.incrementAndGet();
        if (!sessions.containsKey(session)) {
            // unregistered concurrently: undo so the channel does not keep a dead session
            removeSubscriber(channel, session);
        }
        return SubscribeOutcome.SUBSCRIBED;
    }

    /**
     * Unsubscribes a session from a channel.
     *
     * @param session the session
     * @param channel the full channel name
     * @return true when the session was subscribed
     */
    public boolean unsubscribe(Session session, String channel) {
        Entry entry = sessions.get(session);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            if (entry.channels.remove(channel) == null) {
                return false;
            }
        }
        removeSubscriber(channel, session);
        return true;
    }

    private void removeSubscriber(String channel, Session session) {
        boolean[] removed = {false};
        shard(channel).computeIfPresent(channel, (key, old) -> {
            for (int i = 0; i < old.length; i++) {
                if (old[i].session() == session) {
                    removed[0] = true;
                    if (old.length == 1) {
                        return null;
                    }
                    Subscriber[] copy = new Subscriber[old.length - 1];
                    System.arraycopy(old, 0, copy, 0, i);
                    System.arraycopy(old, i + 1, copy, i, old.length - i - 1);
                    return copy;
                }
            }
            return old;
        });
        if (removed[0]) {
            subscriptionCount.decrementAndGet();
        }
    }

    /**
     * Fans a delivery out to the channel's subscribers: one encoding per (protocol, display name), shared by all.
     *
     * @param delivery the event
     * @return how many sessions were handed the frame
     */
    public int publish(Delivery delivery) {
        if (delivery.offset() > position) {
            advance(delivery.offset());
        }
        Subscriber[] subscribers = shard(delivery.channel()).getOrDefault(delivery.channel(), NONE);
        if (subscribers.length == 0) {
            return 0;
        }
        // Almost always one or two (codec, display) pairs per channel: a tiny linear cache beats a map.
        ProtocolCodec[] codecs = new ProtocolCodec[2];
        String[] names = new String[2];
        EncodedFrame[] frames = new EncodedFrame[2];
        int cached = 0;
        for (Subscriber subscriber : subscribers) {
            ProtocolCodec codec = subscriber.session().codec();
            EncodedFrame frame = null;
            for (int i = 0; i < cached; i++) {
                if (codecs[i] == codec && names[i].equals(subscriber.displayChannel())) {
                    frame = frames[i];
                    break;
                }
            }
            if (frame == null) {
                frame = codec.encode(delivery, subscriber.displayChannel());
                if (cached == codecs.length) {
                    codecs = Arrays.copyOf(codecs, cached * 2);
                    names = Arrays.copyOf(names, cached * 2);
                    frames = Arrays.copyOf(frames, cached * 2);
                }
                codecs[cached] = codec;
                names[cached] = subscriber.displayChannel();
                frames[cached] = frame;
                cached++;
            }
            try {
                subscriber.session().send(frame);
            } catch (RuntimeException e) {
                // one broken session must never cost the channel's other subscribers their event
                FAILED_SENDS.warn("could not hand an event of {} to session {}: {} (logged at most every 10 s)",
                    delivery.channel(), subscriber.session().id(), e.toString());
            }
        }
        deliveries.add(subscribers.length);
        return subscribers.length;
    }

    /**
     * @param session a session
     * @return its subscriptions, full channel name → display name (a copy)
     */
    public Map<String, String> subscriptionsOf(Session session) {
        Entry entry = sessions.get(session);
        if (entry == null) {
            return Map.of();
        }
        synchronized (entry) {
            return Map.copyOf(entry.channels);
        }
    }

    /** @return a snapshot of the registered sessions */
    public Collection<Session> sessions() {
        List<Session> list = new ArrayList<>(sessions.size());
        for (Entry entry : sessions.values()) {
            list.add(entry.session);
        }
        return list;
    }

    /**
     * @param channel a full channel name
     * @return its current subscriber count
     */
    public int subscriberCount(String channel) {
        return shard(channel).getOrDefault(channel, NONE).length;
    }

    /** @return registered sessions */
    public int connectionCount() {
        return sessions.size();
    }

    /** @return subscriptions over all sessions */
    public int subscriptionCount() {
        return subscriptionCount.get();
    }

    /**
     * The stream position up to which events were handed out: a subscription made before this call receives every
     * event above it live (offsets are stream positions shared by all channels), so it is a valid recovery position
     * for any channel subscribed before it is read.
     *
     * @return the highest offset {@link #publish} was given, or 0 before the first event
     */
    public long position() {
        return position;
    }

    private synchronized void advance(long offset) {
        if (offset > position) {
            position = offset;
        }
    }

    /**
     * Raises {@link #position()} to the stream's last offset when this instance started (events before it are never
     * handed out live here).
     *
     * @param offset the stream's last offset
     */
    public synchronized void seedPosition(long offset) {
        if (offset > position) {
            position = offset;
        }
    }

    /** @return frames handed to sessions since start */
    public long deliveryCount() {
        return deliveries.sum();
    }

    private Map<String, Subscriber[]> shard(String channel) {
        return shards[Math.floorMod(channel.hashCode(), shards.length)];
    }

    private record Subscriber(Session session, String displayChannel) {
    }

    private static final class Entry {
        final Session session;
        final Map<String, String> channels = new java.util.HashMap<>(4);

        Entry(Session session) {
            this.session = session;
        }
    }
}
