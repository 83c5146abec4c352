package io.herald.realtime.recovery;

import io.herald.bus.BusEvent;
import io.herald.bus.EventBus;
import io.herald.bus.History;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.Verdict;
import io.herald.bus.throttle.ProgressThrottle;
import io.herald.schema.ChannelName;
import io.herald.schema.ChannelNamespace;
import io.herald.schema.EventCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/**
 * Replays a channel's missed events with the live pipeline's rules: invalid events are skipped and progress is
 * throttled by the same {@link ProgressThrottle} (same window, stream timestamps), so the recovered sequence equals
 * what a connected client received.
 *
 * <p>How: (1) read the events after the client's offset, bounded by the maximum count (all-or-nothing); (2) read a
 * warm-up of the events before it (back to {@code warmup} of stream time, found by {@link EventBus#offsetAt}) and feed
 * them to a fresh throttle without sending, so its windows are where the live ones were; (3) feed the missed events
 * and keep what the throttle delivers with an offset above the client's; (4) advance the throttle to the present
 * minus the live pipeline's grace, releasing the held progress the live pipeline has already released. A progress
 * still held after that is released by the live pipeline itself: the caller subscribed to the hub before calling
 * this, so it arrives live.
 *
 * <p>A mirror channel (the target of a namespace's mirror rule, e.g. {@code export.{guid}.job} filled from
 * {@code exports:{userUuid}}) also replays the source events the rule maps to it, at the offsets live delivery gave
 * them, found by scanning the stream after the client's offset (bounded by
 * {@link RecoveryConfiguration#mirrorScanMaxCount()}).
 *
 * <p>Concurrent recoveries of the same channel from the same position share one read: while a read runs, the callers
 * that arrive wait and are then served together by the next single read. (Joining a read that already started would
 * be wrong: the caller subscribed to the hub after it began, so events in between would be in neither.)
 *
 * <p>Blocking (it reads the bus): call it off the event loop. Thread-safe: each read has its own throttle.
 */
public final class HistoryReplay {

    /** Stream events read per call while scanning for a mirror channel's events. */
    private static final int SCAN_BATCH = 256;

    private final EventBus bus;
    private final EventCheck check;
    private final long windowMillis;
    private final long graceMillis;
    private final RecoveryConfiguration config;
    private final int maxCount;
    private final LongSupplier clock;
    private final java.util.concurrent.ConcurrentHashMap<Key, Lane> lanes = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder reads = new java.util.concurrent.atomic.LongAdder();

    private record Key(String channel, long since, String epoch) {
    }

    /** One channel position's reads: the one running and the callers gathered for the next. Guarded by itself. */
    private static final class Lane {
        java.util.concurrent.CompletableFuture<Recovery> running;
        java.util.concurrent.CompletableFuture<Recovery> next;
        boolean retired;
    }

    /**
     * @param bus    the event log
     * @param check  the event contract (invalid events were never delivered live)
     * @param window the live throttle window
     * @param grace  the live pipeline's grace after a window's end
     * @param config   warm-up bounds
     * @param maxCount most events one recovery replays (counted before throttling); a longer gap is not recovered
     * @param clock  wall clock, epoch milliseconds (the live pipeline estimates stream time from it too)
     */
    public HistoryReplay(EventBus bus, EventCheck check, Duration window, Duration grace, RecoveryConfiguration config,
                         int maxCount, LongSupplier clock) {
        this.bus = bus;
        this.check = check;
        this.windowMillis = window.toMillis();
        this.graceMillis = grace.toMillis();
        this.config = config;
        this.maxCount = maxCount;
        this.clock = clock;
    }

    /** @return the warm-up span of stream time, milliseconds */
    public long warmupMillis() {
        return config.warmup().toMillis();
    }

    /** @return the most events one recovery replays */
    public int maxCount() {
        return maxCount;
    }

    /**
     * @param channel the full channel name
     * @param since   the last offset the client has (0: it has nothing)
     * @param epoch   the epoch the client's offset belongs to, or null/empty when the client did not say (Herald
     *                protocol); a different epoch means the stream was reset and nothing can be recovered
     * @return what the client missed, or why not
     */
    public Recovery replay(String channel, long since, String epoch) {
        Key key = new Key(channel, since, epoch == null ? "" : epoch);
        while (true) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            java.util.concurrent.CompletableFuture<Recovery> mine;
            java.util.concurrent.CompletableFuture<Recovery> wait = null;
            boolean lead;
            synchronized (lane) {
                if (lane.retired) {
                    continue; // removed from the map meanwhile: take the current lane
                }
                if (lane.running == null) {
                    mine = lane.running = new java.util.concurrent.CompletableFuture<>();
                    lead = true;
                } else if (lane.next == null) {
                    mine = lane.next = new java.util.concurrent.CompletableFuture<>();
                    wait = lane.running;
                    lead = true;
                } else {
                    mine = lane.next;
                    lead = false;
                }
            }
            if (!lead) {
                return mine.join();
            }
            if (wait != null) {
                wait.handle((r, e) -> null).join();
                synchronized (lane) {
                    lane.running = mine;
                    lane.next = null;
                }
            }
            try {
                mine.complete(read(channel, since, epoch));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            } finally {
                synchronized (lane) {
                    if (lane.running == mine) {
                        // callers gathered meanwhile keep arriving into the next read, not a parallel one
                        lane.running = lane.next;
                    }
                    if (lane.running == null && lane.next == null) {
                        lane.retired = true;
                        lanes.remove(key, lane);
                    }
                }
            }
            return mine.join();
        }
    }

    /** @return how many history reads recoveries have made (shared reads count once) */
    public long readCount() {
        return reads.sum();
    }

    private Recovery read(String channel, long since, String epoch) {
        reads.increment();
        List<ChannelNamespace> sources = mirrorSources(channel);
        if (!sources.isEmpty()) {
            return readMirror(channel, sources, since, epoch);
        }
        History history = bus.history(channel, since, maxCountFor(channel));
        boolean sameEpoch = epoch == null || epoch.isEmpty() || epoch.equals(history.epoch());
        if (!sameEpoch || !history.complete()) {
            return new Recovery(false, history.epoch(), history.latestOffset(), List.of());
        }
        if (history.events().isEmpty()) {
            return new Recovery(true, history.epoch(), history.latestOffset(), List.of());
        }
        List<BusEvent> out = new ArrayList<>(history.events().size());
        ProgressThrottle<BusEvent> throttle = new ProgressThrottle<>(windowMillis, event -> {
            if (event.offset() > since) {
                out.add(event);
            }
        });
        if (since > 0) {
            long from = bus.offsetAt(history.events().get(0).timestampMillis() - config.warmup().toMillis());
            History warm = bus.history(channel, Math.max(0, Math.min(from, since) - 1), config.warmupMaxCount());
            for (BusEvent event : warm.events()) {
                if (event.offset() > since) {
                    break;
                }
                feed(throttle, event);
            }
        }
        for (BusEvent event : history.events()) {
            feed(throttle, event);
        }
        throttle.advanceTo(clock.getAsLong() - graceMillis);
        return new Recovery(true, history.epoch(), history.latestOffset(), out);
    }

    /**
     * A mirror channel's recovery: its own events and the events of the source namespaces whose mirror rule maps them
     * here, merged in stream order at their own offsets (the offsets live delivery gave them on this channel), each
     * throttled under this channel as the live pipeline does (a mirrored event with its source verdict's job key and
     * lifecycle). The sources cannot be read by subject (the mirror channel does not name the source channel), so the
     * stream after the client's offset is scanned, at most {@link RecoveryConfiguration#mirrorScanMaxCount()} events;
     * a longer stretch is not recovered (all or nothing, like a gap over the maximum count).
     */
    private Recovery readMirror(String channel, List<ChannelNamespace> sources, long since, String epoch) {
        int max = maxCountFor(channel);
        History own = bus.history(channel, since, max);
        boolean sameEpoch = epoch == null || epoch.isEmpty() || epoch.equals(own.epoch());
        if (!sameEpoch || !own.complete()) {
            return new Recovery(false, own.epoch(), own.latestOffset(), List.of());
        }
        Scan missed = scan(channel, sources, since, Long.MAX_VALUE, config.mirrorScanMaxCount());
        long latest = Math.max(own.latestOffset(), missed.lastMatched());
        if (!missed.complete() || missed.events().size() > max) {
            return new Recovery(false, own.epoch(), latest, List.of());
        }
        if (missed.events().isEmpty()) {
            return new Recovery(true, own.epoch(), Math.max(latest, since), List.of());
        }
        List<BusEvent> out = new ArrayList<>(missed.events().size());
        ProgressThrottle<BusEvent> throttle = new ProgressThrottle<>(windowMillis, event -> {
            if (event.offset() > since) {
                out.add(event);
            }
        });
        if (since > 0) {
            long from = bus.offsetAt(missed.events().get(0).event().timestampMillis() - config.warmup().toMillis());
            // offsets are stream positions, so the warm-up bound is applied to the events right before the client's
            long start = Math.max(Math.max(0, Math.min(from, since) - 1), since - config.warmupMaxCount());
            for (Matched m : scan(channel, sources, start, since, config.warmupMaxCount()).events()) {
                feed(throttle, m);
            }
        }
        for (Matched m : missed.events()) {
            feed(throttle, m);
        }
        throttle.advanceTo(clock.getAsLong() - graceMillis);
        return new Recovery(true, own.epoch(), Math.max(latest, since), out);
    }

    /** An event of a mirror channel (its own, or a source's renamed to it) with the verdict live routing used. */
    private record Matched(BusEvent event, Verdict verdict) {
    }

    /**
     * @param events      the mirror channel's events in the range, oldest first
     * @param complete    false when the range was longer than the scan bound or its start is no longer stored
     * @param lastMatched the offset of the last event found (0 when none)
     */
    private record Scan(List<Matched> events, boolean complete, long lastMatched) {
    }

    /** The mirror channel's events with an offset in (after, upTo], reading at most {@code bound} stream events. */
    private Scan scan(String channel, List<ChannelNamespace> sources, long after, long upTo, int bound) {
        List<Matched> found = new ArrayList<>();
        long next = after;
        int scanned = 0;
        boolean first = true;
        boolean complete = true;
        while (next < upTo) {
            if (scanned >= bound) {
                complete = bus.read(next, 1).stream().noneMatch(e -> e.offset() <= upTo);
                break;
            }
            List<BusEvent> batch = bus.read(next, Math.min(SCAN_BATCH, bound - scanned));
            if (batch.isEmpty()) {
                break;
            }
            if (first && batch.get(0).offset() > after + 1 && after > 0) {
                complete = false; // the events right after the start are no longer stored (max age)
            }
            first = false;
            for (BusEvent event : batch) {
                if (event.offset() > upTo) {
                    next = upTo;
                    break;
                }
                scanned++;
                next = event.offset();
                Matched m = match(channel, sources, event);
                if (m != null) {
                    found.add(m);
                }
            }
        }
        return new Scan(found, complete, found.isEmpty() ? 0 : found.get(found.size() - 1).event().offset());
    }

    private Matched match(String channel, List<ChannelNamespace> sources, BusEvent event) {
        if (event.channel().equals(channel)) {
            Verdict verdict = check.check(channel, event.data());
            return verdict.valid() ? new Matched(event, verdict) : null;
        }
        if (!ChannelName.isValid(event.channel())) {
            return null;
        }
        ChannelNamespace ns = ChannelName.parse(event.channel()).namespace().orElse(null);
        if (ns == null || !sources.contains(ns)) {
            return null;
        }
        Verdict verdict = check.check(event.channel(), event.data());
        if (!verdict.valid() || !channel.equals(verdict.mirror())) {
            return null;
        }
        return new Matched(new BusEvent(channel, event.offset(), event.timestampMillis(), event.data()), verdict);
    }

    private void feed(ProgressThrottle<BusEvent> throttle, Matched m) {
        throttle.accept(m.event().channel(), m.verdict().jobKey(), m.verdict().lifecycle(), m.event().timestampMillis(),
            m.event());
    }

    /** The namespaces whose mirror rule targets the channel's namespace (empty for most channels). */
    private static List<ChannelNamespace> mirrorSources(String channel) {
        if (!ChannelName.isValid(channel)) {
            return List.of();
        }
        ChannelNamespace target = ChannelName.parse(channel).namespace().orElse(null);
        if (target == null) {
            return List.of();
        }
        List<ChannelNamespace> sources = new ArrayList<>();
        for (ChannelNamespace ns : EventCatalog.active().namespaces()) {
            ns.mirror().filter(m -> m.to().equals(target.name())).ifPresent(m -> sources.add(ns));
        }
        return sources;
    }

    /** The catalogue's history size of the channel's namespace when it sets a smaller one than the limit. */
    private int maxCountFor(String channel) {
        if (!ChannelName.isValid(channel)) {
            return maxCount;
        }
        OptionalInt size = ChannelName.parse(channel).namespace().map(ChannelNamespace::historySize)
            .orElse(OptionalInt.empty());
        return size.isPresent() ? Math.min(maxCount, size.getAsInt()) : maxCount;
    }

    private void feed(ProgressThrottle<BusEvent> throttle, BusEvent event) {
        Verdict verdict = check.check(event.channel(), event.data());
        if (verdict.valid()) {
            throttle.accept(event.channel(), verdict.jobKey(), verdict.lifecycle(), event.timestampMillis(), event);
        }
    }
}
