package io.herald.realtime.throttle;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Throttles progress events per (channel, job) as DESIGN §4 requires (P0–P5), deciding only from stream order and
 * stream timestamps.
 *
 * <ul>
 *   <li>P0: a job's first progress, or the first after a window without one, is delivered at once and opens a window.</li>
 *   <li>P1: further progress inside the window is held back; only the latest held one survives.</li>
 *   <li>P2: when the window closes (stream time reaches its end) the held progress is delivered and a new window opens
 *       at that instant; a non-progress event of the job arriving first drops it instead.</li>
 *   <li>P3: so no progress ever follows a later non-progress event of its job, and a job's events keep stream order.</li>
 *   <li>P4: non-progress events pass straight through.</li>
 *   <li>P5: the only clock is {@link #advanceTo}, fed with stream timestamps (and, between events, an estimate of stream
 *       time from a local timer) — every instance, and a client replaying history, makes the same decisions.</li>
 * </ul>
 *
 * <p>Not thread-safe: the router calls it from its single pipeline thread. Each live job holds one small state object
 * and one timer-queue entry; both disappear once a window ends with nothing held.
 *
 * @param <E> the event type handed through to the sink
 */
public final class ProgressThrottle<E> {

    private final long windowMillis;
    private final Consumer<E> sink;
    private final Map<Key, State<E>> states = new HashMap<>();
    private final PriorityQueue<Deadline<E>> deadlines = new PriorityQueue<>();
    private long sequence;
    private long streamTime = Long.MIN_VALUE;
    private long suppressed;
    private long dropped;

    /**
     * @param windowMillis the throttle window in milliseconds (positive)
     * @param sink         receives the events to deliver, in delivery order
     */
    public ProgressThrottle(long windowMillis, Consumer<E> sink) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("throttle window must be positive, was " + windowMillis + " ms");
        }
        this.windowMillis = windowMillis;
        this.sink = sink;
    }

    /**
     * Takes the next event of the stream.
     *
     * @param channel         full channel name
     * @param jobKey          the job the event belongs to, or null (then it is never throttled)
     * @param progress        whether it is a progress event
     * @param timestampMillis its stream timestamp
     * @param event           the event, handed to the sink if and when it is delivered
     */
    public void accept(String channel, String jobKey, boolean progress, long timestampMillis, E event) {
        advanceTo(timestampMillis);
        if (jobKey == null) {
            sink.accept(event);
            return;
        }
        Key key = new Key(channel, jobKey);
        State<E> state = states.get(key);
        if (!progress) {
            if (state != null && state.pending != null) {
                state.pending = null;
                dropped++;
            }
            sink.accept(event);
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

    /** @return held progress events dropped because a non-progress event of their job came first */
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
