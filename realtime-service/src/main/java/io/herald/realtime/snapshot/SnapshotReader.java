package io.herald.realtime.snapshot;

import io.herald.bus.BusEvent;
import io.herald.bus.EventBus;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.Verdict;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.recovery.HistoryReplay;
import io.herald.realtime.recovery.Recovery;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads a channel's current state: the recent part of its history replayed exactly as live subscribers received it
 * ({@link HistoryReplay}: contract check, throttle, warm-up), folded by {@link ChannelState}.
 *
 * <p>The caller holds the channel's live events back while it reads (the recovery gate), then sends the snapshot and
 * drops every held event the read {@linkplain Snapshot#covered() covered}: those are either in the snapshot or
 * superseded by it, so live events follow with no gap, no duplicate, and no progress older than the state shown.
 *
 * <p>Blocking (it reads the bus): call it off the event loop. Thread-safe.
 */
public final class SnapshotReader {

    private static final byte[] MARK = ",\"snapshot\":true}".getBytes(StandardCharsets.US_ASCII);

    /**
     * A channel's state.
     *
     * @param events   the events that make up the state, in offset order
     * @param covered  the offsets of every event the read considered, sorted: held live events among them are not news
     * @param epoch    the epoch the offsets belong to
     * @param position the channel's latest offset when it was read: the subscriber's position afterwards
     * @param complete false when the lookback held more events than one read may take, even at its shortest: then
     *                 {@code events} is empty
     */
    public record Snapshot(List<BusEvent> events, long[] covered, String epoch, long position, boolean complete) {
    }

    private final EventBus bus;
    private final EventCheck check;
    private final HistoryReplay replay;
    private final SnapshotConfiguration config;
    private final LongSupplier clock;

    /**
     * @param bus    the event log (to find where the lookback starts)
     * @param check  the event contract (job keys and types)
     * @param replay the live-equivalent history replay
     * @param config finished window and lookback
     * @param clock  wall clock, epoch milliseconds
     */
    public SnapshotReader(EventBus bus, EventCheck check, HistoryReplay replay, SnapshotConfiguration config, LongSupplier clock) {
        this.bus = bus;
        this.check = check;
        this.replay = replay;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param channel the full channel name
     * @return its current state
     */
    public Snapshot read(String channel) {
        long now = clock.getAsLong();
        long lookback = config.lookback().toMillis();
        long shortest = Math.min(lookback, config.finishedWindow().toMillis());
        while (true) {
            long from = bus.offsetAt(now - lookback);
            Recovery recovery = replay.replay(channel, Math.max(0, from - 1), null);
            if (recovery.recovered()) {
                return fold(recovery, now);
            }
            if (lookback <= shortest) {
                return new Snapshot(List.of(), new long[0], recovery.epoch(), recovery.latestOffset(), false);
            }
            lookback = Math.max(shortest, lookback / 2);
        }
    }

    private Snapshot fold(Recovery recovery, long now) {
        ChannelState<BusEvent> state = new ChannelState<>(config.finishedWindow().toMillis());
        long[] covered = new long[recovery.events().size()];
        int i = 0;
        for (BusEvent event : recovery.events()) {
            covered[i++] = event.offset();
            Verdict verdict = check.check(event.channel(), event.data());
            state.accept(event.offset(), event.timestampMillis(), verdict.jobKey(), role(verdict), event);
        }
        Arrays.sort(covered);
        return new Snapshot(state.snapshot(now), covered, recovery.epoch(), recovery.latestOffset(), true);
    }

    private static ChannelState.Role role(Verdict verdict) {
        return switch (verdict.lifecycle()) {
            case PROGRESS -> ChannelState.Role.PROGRESS;
            case TERMINAL -> ChannelState.Role.TERMINAL;
            case REOPEN -> ChannelState.Role.REOPEN;
            case OTHER -> ChannelState.Role.OTHER;
        };
    }

    /**
     * @param frame an event frame whose last byte is its closing brace (both protocols' JSON event frames)
     * @return the same frame with {@code "snapshot": true} added
     */
    public static EncodedFrame marked(EncodedFrame frame) {
        byte[] utf8 = frame.utf8();
        byte[] out = Arrays.copyOf(utf8, utf8.length - 1 + MARK.length);
        System.arraycopy(MARK, 0, out, utf8.length - 1, MARK.length);
        return new EncodedFrame(out, frame.channel(), frame.offset());
    }
}
