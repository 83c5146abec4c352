package io.herald.bus;

import io.herald.schema.ChannelName;
import io.herald.schema.Subjects;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventBus} inside one process, with JetStream's semantics: one global, increasing sequence used as offsets
 * (so offsets strictly increase within every channel), a random epoch per instance, history bounded by max age and
 * max messages per channel, message-id de-duplication within a window, ordered delivery to every
 * {@link #subscribeAll} handler on its own thread, and durable consumers that deliver again what was not
 * acknowledged within their ack wait.
 *
 * <p>Stored events, timestamps and ages follow the given {@link Clock}; ack waits and nak delays run on the JVM's
 * monotonic clock. Control commands ({@link #broadcast}) are kept per topic, bounded like a channel (max age, max
 * messages), and replayed to a new {@link #subscribeControl} subscriber within its lookback. Nothing survives the process. Dead letters are counted and the latest 1,000 kept for
 * {@link #deadLetters()}.
 */
public final class InMemoryEventBus implements EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryEventBus.class);
    private static final int KEPT_DEAD_LETTERS = 1000;

    private final StreamOptions options;
    private final Subjects subjects;
    private final Clock clock;
    private final String epoch = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE), 36);
    private final Object lock = new Object();
    private final NavigableMap<Long, Stored> log = new TreeMap<>();
    private final Map<String, ArrayDeque<Stored>> channels = new HashMap<>();
    private final Map<String, Long> evictedUpTo = new HashMap<>();
    private final LinkedHashMap<String, Seen> messageIds = new LinkedHashMap<>();
    private final Map<String, DurableState> durables = new HashMap<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, ArrayDeque<ControlMessage>> controls = new HashMap<>();
    private final List<ControlSubscriber> controlSubscribers = new CopyOnWriteArrayList<>();
    private final List<DurableConsumer> consumers = new CopyOnWriteArrayList<>();
    private final ArrayDeque<DeadLetter> deadLetters = new ArrayDeque<>();
    private long deadLetterCount;
    private long lastSequence;
    private long lastTimestamp;
    private volatile boolean closed;

    /**
     * @param options the log's shape (stream name and subject prefix are only reported, nothing is stored under them)
     * @param clock   stream time
     */
    public InMemoryEventBus(StreamOptions options, Clock clock) {
        this.options = options;
        this.subjects = new Subjects(options.subjectPrefix());
        this.clock = clock;
    }

    @Override
    public CompletableFuture<PublishResult> publish(String channel, byte[] json, String messageId) {
        if (closed) {
            return CompletableFuture.failedFuture(new BusUnavailableException("the in-memory bus is closed"));
        }
        try {
            ChannelName.parse(channel);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        synchronized (lock) {
            long now = Math.max(clock.millis(), lastTimestamp);
            evict(now);
            if (messageId != null && !messageId.isEmpty()) {
                Seen seen = messageIds.get(messageId);
                if (seen != null) {
                    return CompletableFuture.completedFuture(new PublishResult(channel, seen.offset, true));
                }
            }
            Stored stored = new Stored(channel, ++lastSequence, now, json.clone());
            lastTimestamp = now;
            log.put(stored.offset, stored);
            ArrayDeque<Stored> history = channels.computeIfAbsent(channel, c -> new ArrayDeque<>());
            history.addLast(stored);
            if (options.maxMessagesPerChannel() > 0 && history.size() > options.maxMessagesPerChannel()) {
                remove(history.pollFirst());
            }
            if (messageId != null && !messageId.isEmpty()) {
                messageIds.put(messageId, new Seen(stored.offset, now + options.duplicateWindow().toMillis()));
            }
            BusEvent event = stored.event();
            for (Subscriber subscriber : subscribers) {
                subscriber.offer(event);
            }
            lock.notifyAll();
            return CompletableFuture.completedFuture(new PublishResult(channel, stored.offset, false));
        }
    }

    /** Drops what is older than the max age and message ids older than the duplicate window. Holds the lock. */
    private void evict(long now) {
        long oldest = now - options.maxAge().toMillis();
        while (!log.isEmpty() && log.firstEntry().getValue().timestamp < oldest) {
            Stored stored = log.firstEntry().getValue();
            channels.get(stored.channel).remove(stored);
            remove(stored);
        }
        Iterator<Seen> ids = messageIds.values().iterator();
        while (ids.hasNext() && ids.next().expiresAt <= now) {
            ids.remove();
        }
    }

    private void remove(Stored stored) {
        log.remove(stored.offset);
        evictedUpTo.merge(stored.channel, stored.offset, Math::max);
        ArrayDeque<Stored> history = channels.get(stored.channel);
        if (history != null && history.isEmpty()) {
            channels.remove(stored.channel);
        }
    }

    @Override
    public AutoCloseable subscribeAll(Consumer<BusEvent> handler) {
        Subscriber subscriber = new Subscriber(handler);
        subscribers.add(subscriber);
        return () -> {
            subscribers.remove(subscriber);
            subscriber.executor.shutdown();
        };
    }

    @Override
    public AutoCloseable consume(DurableSubscription subscription, Consumer<DurableEvent> handler) {
        DurableState state;
        synchronized (lock) {
            state = durables.computeIfAbsent(subscription.name(), n -> new DurableState(lastSequence));
        }
        DurableConsumer consumer = new DurableConsumer(subscription, state, handler);
        consumers.add(consumer);
        consumer.thread.start();
        return () -> {
            consumers.remove(consumer);
            consumer.stop();
        };
    }

    @Override
    public CompletableFuture<Void> broadcast(String topic, byte[] payload) {
        if (closed) {
            return CompletableFuture.failedFuture(new BusUnavailableException("the in-memory bus is closed"));
        }
        try {
            subjects.control(topic);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        synchronized (lock) {
            long now = Math.max(clock.millis(), lastTimestamp);
            lastTimestamp = now;
            evictControls(now);
            ControlMessage message = new ControlMessage(topic, now, payload.clone());
            ArrayDeque<ControlMessage> stored = controls.computeIfAbsent(topic, t -> new ArrayDeque<>());
            stored.addLast(message);
            if (options.maxMessagesPerChannel() > 0 && stored.size() > options.maxMessagesPerChannel()) {
                stored.pollFirst();
            }
            for (ControlSubscriber subscriber : controlSubscribers) {
                if (subscriber.topic.equals(topic)) {
                    subscriber.offer(message);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public AutoCloseable subscribeControl(String topic, Duration lookback, Consumer<ControlMessage> handler) {
        subjects.control(topic); // validates the topic as NATS would
        if (lookback == null || lookback.isNegative()) {
            throw new IllegalArgumentException("lookback must be zero or positive, was " + lookback);
        }
        ControlSubscriber subscriber = new ControlSubscriber(topic, handler);
        synchronized (lock) {
            long now = Math.max(clock.millis(), lastTimestamp);
            evictControls(now);
            if (!lookback.isZero()) {
                for (ControlMessage stored : controls.getOrDefault(topic, new ArrayDeque<>())) {
                    if (stored.timestamp() >= now - lookback.toMillis()) {
                        subscriber.offer(stored);
                    }
                }
            }
            controlSubscribers.add(subscriber);
        }
        return () -> {
            controlSubscribers.remove(subscriber);
            subscriber.executor.shutdown();
        };
    }

    /** Drops control commands older than the max age. Holds the lock. */
    private void evictControls(long now) {
        long oldest = now - options.maxAge().toMillis();
        for (ArrayDeque<ControlMessage> stored : controls.values()) {
            while (!stored.isEmpty() && stored.peekFirst().timestamp() < oldest) {
                stored.pollFirst();
            }
        }
    }

    @Override
    public History history(String channel, long since, int maxCount) {
        synchronized (lock) {
            evict(Math.max(clock.millis(), lastTimestamp));
            ArrayDeque<Stored> stored = channels.get(channel);
            long latest = stored == null || stored.isEmpty() ? 0 : stored.peekLast().offset;
            boolean complete = since <= lastSequence && evictedUpTo.getOrDefault(channel, 0L) <= since;
            List<BusEvent> events = new ArrayList<>();
            if (stored != null) {
                for (Stored s : stored) {
                    if (s.offset <= since) {
                        continue;
                    }
                    if (events.size() >= maxCount) {
                        complete = false;
                        break;
                    }
                    events.add(s.event());
                }
            }
            return new History(List.copyOf(events), complete, epoch, latest);
        }
    }

    @Override
    public List<BusEvent> read(long since, int maxCount) {
        synchronized (lock) {
            evict(Math.max(clock.millis(), lastTimestamp));
            List<BusEvent> events = new ArrayList<>();
            for (Stored stored : log.tailMap(since, false).values()) {
                if (events.size() >= maxCount) {
                    break;
                }
                events.add(stored.event());
            }
            return List.copyOf(events);
        }
    }

    @Override
    public long offsetAt(long timestampMillis) {
        synchronized (lock) {
            evict(Math.max(clock.millis(), lastTimestamp));
            for (Stored stored : log.values()) {
                if (stored.timestamp >= timestampMillis) {
                    return stored.offset;
                }
            }
            return lastSequence + 1;
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public boolean ready() {
        return !closed;
    }

    @Override
    public void deadLetter(String channel, byte[] json, String errors) {
        synchronized (lock) {
            deadLetterCount++;
            deadLetters.addLast(new DeadLetter(channel, new String(json, StandardCharsets.UTF_8), errors));
            if (deadLetters.size() > KEPT_DEAD_LETTERS) {
                deadLetters.pollFirst();
            }
        }
    }

    @Override
    public long deadLetterCount() {
        synchronized (lock) {
            return deadLetterCount;
        }
    }

    /** @return the latest dead letters (at most 1,000), oldest first */
    public List<DeadLetter> deadLetters() {
        synchronized (lock) {
            return List.copyOf(deadLetters);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Subscriber subscriber : subscribers) {
            subscriber.executor.shutdown();
        }
        for (ControlSubscriber subscriber : controlSubscribers) {
            subscriber.executor.shutdown();
        }
        for (DurableConsumer consumer : consumers) {
            consumer.stop();
        }
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * An event set aside by {@link #deadLetter}.
     *
     * @param channel the channel it was published to
     * @param json    the event as published
     * @param errors  why, as a JSON array
     */
    public record DeadLetter(String channel, String json, String errors) {
    }

    private static final class Stored {
        final String channel;
        final long offset;
        final long timestamp;
        final byte[] data;

        Stored(String channel, long offset, long timestamp, byte[] data) {
            this.channel = channel;
            this.offset = offset;
            this.timestamp = timestamp;
            this.data = data;
        }

        BusEvent event() {
            return new BusEvent(channel, offset, timestamp, data);
        }
    }

    private record Seen(long offset, long expiresAt) {
    }

    /** One subscribeAll handler: its own thread, fed in publish order. */
    private static final class Subscriber {
        final Consumer<BusEvent> handler;
        final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "herald-memory-bus");
            t.setDaemon(true);
            return t;
        });

        Subscriber(Consumer<BusEvent> handler) {
            this.handler = handler;
        }

        void offer(BusEvent event) {
            if (executor.isShutdown()) {
                return;
            }
            executor.execute(() -> {
                try {
                    handler.accept(event);
                } catch (RuntimeException e) {
                    LOG.error("event handler failed for channel {} offset {}", event.channel(), event.offset(), e);
                }
            });
        }
    }

    /** One {@link #subscribeControl} registration: its commands in order, on its own thread. */
    private static final class ControlSubscriber {
        final String topic;
        final Consumer<ControlMessage> handler;
        final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "herald-memory-control");
            t.setDaemon(true);
            return t;
        });

        ControlSubscriber(String topic, Consumer<ControlMessage> handler) {
            this.topic = topic;
            this.handler = handler;
        }

        void offer(ControlMessage message) {
            if (executor.isShutdown()) {
                return;
            }
            executor.execute(() -> {
                try {
                    handler.accept(message);
                } catch (RuntimeException e) {
                    LOG.error("control handler failed for topic {}", message.topic(), e);
                }
            });
        }
    }

    /** A durable consumer's position and its unacknowledged deliveries; outlives the handles that consume it. */
    private static final class DurableState {
        long cursor;
        final NavigableMap<Long, Pending> pending = new TreeMap<>();

        DurableState(long cursor) {
            this.cursor = cursor;
        }
    }

    private static final class Pending {
        long deliveries;
        long dueNanos;
    }

    /** One {@link #consume} handle: a thread taking due redeliveries first, then new events. */
    private final class DurableConsumer {
        final DurableSubscription spec;
        final DurableState state;
        final Consumer<DurableEvent> handler;
        final Thread thread;
        volatile boolean stopped;

        DurableConsumer(DurableSubscription spec, DurableState state, Consumer<DurableEvent> handler) {
            this.spec = spec;
            this.state = state;
            this.handler = handler;
            this.thread = new Thread(this::run, "herald-memory-durable-" + spec.name());
            this.thread.setDaemon(true);
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }

        private void run() {
            while (!stopped && !closed) {
                DurableEvent next;
                try {
                    next = take();
                } catch (InterruptedException e) {
                    return;
                }
                if (next == null) {
                    continue;
                }
                try {
                    handler.accept(next);
                } catch (RuntimeException e) {
                    LOG.error("durable handler {} failed for channel {} offset {}; delivered again later", spec.name(),
                        next.channel(), next.offset(), e);
                    next.nak(spec.ackWait());
                }
            }
        }

        /** Waits for the next delivery: a due redelivery (lowest offset first), else the next new event. */
        private DurableEvent take() throws InterruptedException {
            synchronized (lock) {
                while (!stopped && !closed) {
                    long now = System.nanoTime();
                    long wait = Long.MAX_VALUE;
                    Iterator<Map.Entry<Long, Pending>> it = state.pending.entrySet().iterator();
                    while (it.hasNext()) {
                        Map.Entry<Long, Pending> entry = it.next();
                        Stored stored = log.get(entry.getKey());
                        Pending p = entry.getValue();
                        if (stored == null) {
                            it.remove(); // aged out of the log: nothing left to deliver
                            continue;
                        }
                        if (p.dueNanos - now > 0) {
                            wait = Math.min(wait, p.dueNanos - now);
                            continue;
                        }
                        if (spec.maxDeliver() > 0 && p.deliveries >= spec.maxDeliver()) {
                            it.remove();
                            deadLetter(stored.channel, stored.data, "[\"not acknowledged after " + p.deliveries
                                + " deliveries\"]");
                            continue;
                        }
                        return deliver(stored, p, now);
                    }
                    if (state.pending.size() < spec.maxAckPending()) {
                        Map.Entry<Long, Stored> fresh = log.higherEntry(state.cursor);
                        if (fresh != null) {
                            state.cursor = fresh.getKey();
                            Pending p = new Pending();
                            state.pending.put(fresh.getKey(), p);
                            return deliver(fresh.getValue(), p, now);
                        }
                    }
                    if (wait == Long.MAX_VALUE) {
                        lock.wait();
                    } else {
                        TimeUnit.NANOSECONDS.timedWait(lock, wait);
                    }
                }
                return null;
            }
        }

        /** Holds the lock. */
        private DurableEvent deliver(Stored stored, Pending p, long now) {
            p.deliveries++;
            p.dueNanos = now + spec.ackWait().toNanos();
            long offset = stored.offset;
            long deliveries = p.deliveries;
            return new DurableEvent(stored.channel, offset, stored.timestamp, stored.data, deliveries,
                new DurableEvent.Acknowledgement() {
                    @Override
                    public void ack() {
                        synchronized (lock) {
                            state.pending.remove(offset);
                            lock.notifyAll();
                        }
                    }

                    @Override
                    public void nak(Duration delay) {
                        synchronized (lock) {
                            Pending current = state.pending.get(offset);
                            if (current == null) {
                                return;
                            }
                            if (spec.maxDeliver() > 0 && current.deliveries >= spec.maxDeliver()) {
                                state.pending.remove(offset);
                                deadLetter(stored.channel, stored.data, "[\"not acknowledged after " + deliveries
                                    + " deliveries\"]");
                            } else {
                                current.dueNanos = System.nanoTime() + delay.toNanos();
                            }
                            lock.notifyAll();
                        }
                    }
                });
        }
    }
}
