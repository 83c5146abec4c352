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
 * each channel's subscribers are an append-only array with tombstones ({@link Subscribers}): fan-out iterates it
 * without taking any lock, a subscribe appends and an unsubscribe clears its own slot in constant time (so a channel
 * with tens of thousands of subscribers, such as one user's personal channel opened by many connections, costs no
 * copy per subscription), and the array is compacted when half of it is cleared.
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

    private final Map<String, Subscribers>[] shards;
    // Keyed by the session object itself (Session implementations keep Object's identity equals): a transport's id
    // may repeat — Micronaut's was the client's Sec-WebSocket-Key, which two clients may share.
    private final Map<Session, Entry> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final LongAdder deliveries = new LongAdder();
    // the highest offset handed to publish, or seeded from the stream's end
    private final java.util.concurrent.atomic.AtomicLong position = new java.util.concurrent.atomic.AtomicLong();

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
        for (Subscriber subscriber : subscribersOf(entry)) {
            removeSubscriber(subscriber);
        }
        perUser.computeIfPresent(session.userId(), (user, count) -> count <= 1 ? null : count - 1);
    }

    private static List<Subscriber> subscribersOf(Entry entry) {
        synchronized (entry) {
            return new ArrayList<>(Arrays.asList(entry.subscribers).subList(0, entry.count));
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
        // one String instance per channel name, shared by every subscriber (and the display name when it is the
        // same text): thousands of connections of one user otherwise keep thousands of copies of each name
        Subscribers existing = shard(channel).get(channel);
        if (existing != null) {
            channel = existing.channel;
            displayChannel = existing.canonicalDisplay(displayChannel);
        }
        if (displayChannel.equals(channel)) {
            displayChannel = channel;
        }
        Subscriber subscriber = new Subscriber(session, channel, displayChannel);
        synchronized (entry) {
            if (entry.find(channel) >= 0) {
                return SubscribeOutcome.ALREADY_SUBSCRIBED;
            }
            if (entry.count >= maxSubscriptions) {
                return SubscribeOutcome.LIMIT_REACHED;
            }
            entry.add(subscriber);
        }
        String key = channel;
        shard(channel).compute(channel, (name, subscribers) -> {
            Subscribers target = subscribers != null ? subscribers : new Subscribers(key);
            target.add(subscriber);
            return target;
        });
        subscriptionCount.incrementAndGet();
        if (!sessions.containsKey(session)) {
            // unregistered concurrently: undo so the channel does not keep a dead session
            removeSubscriber(subscriber);
        }
        return SubscribeOutcome.SUBSCRIBED;
    }

    /**
     * @param channel a full channel name
     * @return the one String instance of that name the hub's subscribers share, or {@code channel} when nobody is
     *     subscribed to it (connections that keep a channel name should keep this one)
     */
    public String canonical(String channel) {
        Subscribers existing = shard(channel).get(channel);
        return existing != null ? existing.channel : channel;
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
        Subscriber subscriber;
        synchronized (entry) {
            subscriber = entry.remove(channel);
            if (subscriber == null) {
                return false;
            }
        }
        removeSubscriber(subscriber);
        return true;
    }

    private void removeSubscriber(Subscriber subscriber) {
        boolean[] removed = {false};
        shard(subscriber.channel).computeIfPresent(subscriber.channel, (name, subscribers) -> {
            removed[0] = subscribers.remove(subscriber);
            return subscribers.isEmpty() ? null : subscribers;
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
        if (delivery.offset() > position.get()) {
            position.accumulateAndGet(delivery.offset(), Math::max);
        }
        Subscribers channelSubscribers = shard(delivery.channel()).get(delivery.channel());
        if (channelSubscribers == null) {
            return 0;
        }
        if (delivery.channel() != channelSubscribers.channel) {
            // Frames carry the hub's own instance of the channel name, the same for every event: a client finds its
            // per-channel state by comparing references (Client.slot), and a new instance per event would make each of
            // 20,000 deliveries a second store a young string into long-lived arrays, work for the GC's card refinement
            delivery = new Delivery(channelSubscribers.channel, delivery.offset(), delivery.timestampMillis(), delivery.json());
        }
        // size first, then the array: an array replaced meanwhile is at least as long and holds the same slots
        int size = channelSubscribers.size;
        Subscriber[] slots = channelSubscribers.slots;
        int end = Math.min(size, slots.length);
        // Almost always one or two (codec, display) pairs per channel: a tiny linear cache beats a map.
        ProtocolCodec[] codecs = new ProtocolCodec[2];
        String[] names = new String[2];
        EncodedFrame[] frames = new EncodedFrame[2];
        int cached = 0;
        int handed = 0;
        for (int s = 0; s < end; s++) {
            Subscriber subscriber = slots[s];
            if (subscriber == null) {
                continue;
            }
            ProtocolCodec codec = subscriber.session.codec();
            EncodedFrame frame = null;
            for (int i = 0; i < cached; i++) {
                if (codecs[i] == codec && names[i].equals(subscriber.displayChannel)) {
                    frame = frames[i];
                    break;
                }
            }
            if (frame == null) {
                frame = codec.encode(delivery, subscriber.displayChannel);
                if (cached == codecs.length) {
                    codecs = Arrays.copyOf(codecs, cached * 2);
                    names = Arrays.copyOf(names, cached * 2);
                    frames = Arrays.copyOf(frames, cached * 2);
                }
                codecs[cached] = codec;
                names[cached] = subscriber.displayChannel;
                frames[cached] = frame;
                cached++;
            }
            handed++;
            try {
                subscriber.session.send(frame);
            } catch (RuntimeException e) {
                // one broken session must never cost the channel's other subscribers their event
                FAILED_SENDS.warn("could not hand an event of {} to session {}: {} (logged at most every 10 s)",
                    delivery.channel(), subscriber.session.id(), e.toString());
            }
        }
        deliveries.add(handed);
        return handed;
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
            Map<String, String> names = new java.util.HashMap<>(entry.count * 2);
            for (int i = 0; i < entry.count; i++) {
                names.put(entry.subscribers[i].channel, entry.subscribers[i].displayChannel);
            }
            return java.util.Collections.unmodifiableMap(names);
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
        Subscribers subscribers = shard(channel).get(channel);
        return subscribers == null ? 0 : subscribers.live();
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
        return position.get();
    }

    /**
     * Raises {@link #position()} to the stream's last offset when this instance started (events before it are never
     * handed out live here).
     *
     * @param offset the stream's last offset
     */
    public void seedPosition(long offset) {
        position.accumulateAndGet(offset, Math::max);
    }

    /** @return frames handed to sessions since start */
    public long deliveryCount() {
        return deliveries.sum();
    }

    private Map<String, Subscribers> shard(String channel) {
        return shards[Math.floorMod(channel.hashCode(), shards.length)];
    }

    /** One session's subscription to one channel: its slot in the channel's {@link Subscribers}. */
    private static final class Subscriber {
        final Session session;
        final String channel;
        final String displayChannel;
        // the slot in Subscribers.slots, or -1 once removed; guarded by the Subscribers' lock
        int index = -1;

        Subscriber(Session session, String channel, String displayChannel) {
            this.session = session;
            this.channel = channel;
            this.displayChannel = displayChannel;
        }
    }

    /**
     * A channel's subscribers: an array filled from the start, where an unsubscribe leaves a null. Readers take
     * {@link #size} then {@link #slots} without a lock and skip nulls; writers hold the monitor. The array is only ever
     * replaced by one at least as long (grown, or compacted when full and half empty), so a reader's size stays within
     * whichever array it reads, and an array once replaced is never written again.
     */
    private static final class Subscribers {
        final String channel;
        volatile Subscriber[] slots = new Subscriber[1];
        volatile int size;
        private int live;

        Subscribers(String channel) {
            this.channel = channel;
        }

        synchronized void add(Subscriber subscriber) {
            Subscriber[] current = slots;
            int used = size;
            if (used == current.length) {
                // full: compact into an array of the same length when half of it is cleared, else grow
                Subscriber[] next = new Subscriber[live * 2 <= used ? current.length : current.length * 2];
                int n = 0;
                for (int i = 0; i < used; i++) {
                    Subscriber s = current[i];
                    if (s != null) {
                        s.index = n;
                        next[n++] = s;
                    }
                }
                slots = next;
                current = next;
                used = n;
            }
            subscriber.index = used;
            current[used] = subscriber;
            size = used + 1;
            live++;
        }

        synchronized boolean remove(Subscriber subscriber) {
            int i = subscriber.index;
            Subscriber[] current = slots;
            if (i < 0 || i >= current.length || current[i] != subscriber) {
                return false;
            }
            current[i] = null;
            subscriber.index = -1;
            live--;
            if (live == 0) {
                size = 0;
            }
            return true;
        }

        synchronized boolean isEmpty() {
            return live == 0;
        }

        synchronized int live() {
            return live;
        }

        /**
         * @return the instance of {@code display} one of the first subscribers already uses, or {@code display} (a few
         *     slots are looked at, never the whole channel)
         */
        String canonicalDisplay(String display) {
            Subscriber[] current = slots;
            int end = Math.min(Math.min(size, current.length), 16);
            for (int i = 0; i < end; i++) {
                Subscriber s = current[i];
                if (s != null && s.displayChannel.equals(display)) {
                    return s.displayChannel;
                }
            }
            return display;
        }
    }

    /**
     * A registered session and its subscriptions (guarded by itself): an array, not a map, as a connection has a
     * handful of subscriptions and thousands of connections each keep one.
     */
    private static final class Entry {
        private static final Subscriber[] NONE = new Subscriber[0];
        final Session session;
        Subscriber[] subscribers = NONE;
        int count;

        Entry(Session session) {
            this.session = session;
        }

        int find(String channel) {
            for (int i = 0; i < count; i++) {
                String name = subscribers[i].channel;
                if (name == channel || name.equals(channel)) {
                    return i;
                }
            }
            return -1;
        }

        void add(Subscriber subscriber) {
            if (count == subscribers.length) {
                subscribers = Arrays.copyOf(subscribers, Math.max(4, count + (count >> 1) + 1));
            }
            subscribers[count++] = subscriber;
        }

        Subscriber remove(String channel) {
            int i = find(channel);
            if (i < 0) {
                return null;
            }
            Subscriber removed = subscribers[i];
            subscribers[i] = subscribers[--count];
            subscribers[count] = null;
            return removed;
        }
    }
}
