package io.herald.bus.throttle;

import io.herald.bus.contract.Lifecycle;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Throttles progress events per (channel, job) by the rules P0–P5, deciding only from stream order and stream
 * timestamps.
 *
 * <ul>
 *   <li>P0: a job's first progress, or the first after a window without one, is delivered at once and opens a window.</li>
 *   <li>P1: further progress inside the window is held back; only the latest held one survives.</li>
 *   <li>P2: when the window closes (stream time reaches its end) the held progress is delivered and a new window opens
 *       at that instant; a non-progress event of the job arriving first drops it instead.</li>
 *   <li>P3: so no progress ever follows a later non-progress event of its job, and a job's events keep stream order;
 *       and a progress published after its job's terminal event is dropped until a reopening event — terminal jobs
 *       are remembered per channel for {@code terminalMemoryMillis} (the stream's max age), at most
 *       {@code maxTerminalJobs} of them (the oldest forgotten first).</li>
 *   <li>P4: non-progress events pass straight through.</li>
 *   <li>P5: the only clock is {@link #advanceTo}, fed with stream timestamps (and, between events, an estimate of stream
 *       time from a local timer) — every instance, and a client replaying history, makes the same decisions.</li>
 * </ul>
 *
 * <p>Not thread-safe: the router calls it from its single pipeline thread. Each live job holds one small state object
 * and one timer-queue entry; both disappear once a window ends with nothing held. Each terminal job holds one map
 * entry until it is reopened, ages out or is evicted.
 *
 * @param <E> the event type handed through to the sink
 */
public final class ProgressThrottle<E> {

    private final long windowMillis;
    private final Consumer<E> sink;
    private final long terminalMemoryMillis;
    private final int maxTerminalJobs;
    private final Map<Key, State<E>> states = new HashMap<>();
    /** Terminal jobs → stream time of their terminal event, oldest first (re-inserted when terminal again). */
    private final LinkedHashMap<Key, Long> terminal = new LinkedHashMap<>();
    private final PriorityQueue<Deadline<E>> deadlines = new PriorityQueue<>();
    private long sequence;
    private long streamTime = Long.MIN_VALUE;
    private long suppressed;
    private long dropped;

    /**
     * A throttle for a short-lived sequence (a history replay): terminal jobs are remembered as long as it lives, up to
     * 100,000 of them.
     *
     * @param windowMillis the throttle window in milliseconds (positive)
     * @param sink         receives the events to deliver, in delivery order
     */
    public ProgressThrottle(long windowMillis, Consumer<E> sink) {
        this(windowMillis, Long.MAX_VALUE / 4, 100_000, sink);
    }

    /**
     * @param windowMillis         the throttle window in milliseconds (positive)
     * @param terminalMemoryMillis how long a terminal job is remembered (the stream's max age), positive
     * @param maxTerminalJobs      how many terminal jobs are remembered at most, positive
     * @param sink                 receives the events to deliver, in delivery order
     */
    public ProgressThrottle(long windowMillis, long terminalMemoryMillis, int maxTerminalJobs, Consumer<E> sink) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("throttle window must be positive, was " + windowMillis + " ms");
        }
        if (terminalMemoryMillis <= 0 || maxTerminalJobs <= 0) {
            throw new IllegalArgumentException("terminal memory and max terminal jobs must be positive, were "
                + terminalMemoryMillis + " ms, " + maxTerminalJobs);
        }
        this.windowMillis = windowMillis;
        this.terminalMemoryMillis = terminalMemoryMillis;
        this.maxTerminalJobs = maxTerminalJobs;
        this.sink = sink;
    }

    /**
     * Takes the next event of the stream.
     *
     * @param channel         full channel name
     * @param jobKey          the job the event belongs to, or null (then it is never throttled)
     * @param lifecycle       what the event means for its job
     * @param timestampMillis its stream timestamp
     * @param event           the event, handed to the sink if and when it is delivered
     */
    public void accept(String channel, String jobKey, Lifecycle lifecycle, long timestampMillis, E event) {
        advanceTo(timestampMillis);
        if (jobKey == null) {
            sink.accept(event);
            return;
        }
        Key key = new Key(channel, jobKey);
        State<E> state = states.get(key);
        if (lifecycle != Lifecycle.PROGRESS) {
            if (state != null && state.pending != null) {
                state.pending = null;
                dropped++;
            }
            if (lifecycle == Lifecycle.TERMINAL) {
                terminal.remove(key);
                terminal.put(key, streamTime);
                if (terminal.size() > maxTerminalJobs) {
                    Iterator<Key> eldest = terminal.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            } else if (lifecycle == Lifecycle.REOPEN) {
                terminal.remove(key);
            }
            sink.accept(event);
            return;
        }
        if (terminal.containsKey(key)) {
            dropped++;
            return;
        }
        if (state == null) {
            state = new State<>(key);
            states.put(key, state);
        }
        if (state.windowEnd == Long.MIN_VALUE || streamTime >= state.windowEnd) {
            state.windowEnd = streamTime + windowMillis;
            deadlines.add(new Deadline<>(state.windowEnd, sequence++, state));
            sink.accept(event);
        } else {
            if (state.pending != null) {
                suppressed++;
            }
            state.pending = event;
        }
    }

    /**
     * Moves stream time forward (never backward) and closes every window that ends at or before it, delivering held
     * progress in window-end order (ties in stream order).
     *
     * @param streamTimeMillis stream time, epoch milliseconds
     */
    public void advanceTo(long streamTimeMillis) {
        if (streamTimeMillis > streamTime) {
            streamTime = streamTimeMillis;
        }
        Iterator<Long> ended = terminal.values().iterator();
        while (ended.hasNext() && ended.next() <= streamTime - terminalMemoryMillis) {
            ended.remove();
        }
        while (!deadlines.isEmpty() && deadlines.peek().at <= streamTime) {
            Deadline<E> deadline = deadlines.poll();
            State<E> state = deadline.state;
            if (state.windowEnd != deadline.at) {
                continue;
            }
            if (state.pending != null) {
                E event = state.pending;
                state.pending = null;
                state.windowEnd = deadline.at + windowMillis;
                deadlines.add(new Deadline<>(state.windowEnd, sequence++, state));
                sink.accept(event);
            } else {
                states.remove(state.key);
            }
        }
    }

    /** @return the current stream time as this throttle knows it */
    public long streamTime() {
        return streamTime;
    }

    /** @return jobs currently tracked (a memory gauge) */
    public int trackedJobs() {
        return states.size();
    }

    /** @return progress events replaced by a newer one inside a window (never delivered) */
    public long suppressedCount() {
        return suppressed;
    }

    /** @return terminal jobs currently remembered (a memory gauge) */
    public int terminalJobs() {
        return terminal.size();
    }

    /**
     * @return progress events dropped: held ones because a non-progress event of their job came first, and those
     *     published after their job's terminal event
     */
    public long droppedCount() {
        return dropped;
    }

    private record Key(String channel, String job) {
    }

    private static final class State<E> {
        final Key key;
        long windowEnd = Long.MIN_VALUE;
        E pending;

        State(Key key) {
            this.key = key;
        }
    }

    private record Deadline<E>(long at, long seq, State<E> state) implements Comparable<Deadline<E>> {
        @Override
        public int compareTo(Deadline<E> other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }
}
