package io.herald.realtime.transport;

import java.util.Arrays;

/**
 * Holds back the wake-ups of event loops while one thread hands over the frames of one fan-out, so that each loop is
 * woken once per event (with all of that event's frames for its connections) instead of at its first frame.
 *
 * <p>Why: on a busy core, a loop woken at the first frame of a fan-out runs while the router thread still hands over
 * the rest, writes the few frames it found, sleeps, and is woken again for the next ones: context switches and
 * wake-ups (an {@code eventfd} write each) that delay every event behind them. Raw Netty broadcast servers hand the
 * event to each loop once; this gives the batches the same shape. A batch that grows past {@link #EARLY_WAKE} frames
 * wakes its loop at once, so that on a machine with cores to spare a large fan-out is written while it is handed over.
 *
 * <pre>
 * HandOver held = HandOver.hold();
 * try { hub.publish(delivery); } finally { held.release(); }
 * </pre>
 *
 * Not thread-safe by design: one instance per thread ({@link #hold()}), used by that thread only.
 */
public final class HandOver {

    /** Frames in a held batch after which its loop is woken without waiting for {@link #release()}. */
    static final int EARLY_WAKE = 256;

    private static final ThreadLocal<HandOver> CURRENT = ThreadLocal.withInitial(HandOver::new);

    private LoopFlusher[] held = new LoopFlusher[4];
    private int size;
    private int depth;

    private HandOver() {
    }

    /**
     * Starts holding this thread's wake-ups (nested holds are released by the outermost {@link #release()}).
     *
     * @return this thread's hand-over, to {@link #release()} in a {@code finally}
     */
    public static HandOver hold() {
        HandOver handOver = CURRENT.get();
        handOver.depth++;
        return handOver;
    }

    /** Wakes every loop that was handed frames since the outermost {@link #hold()}. */
    public void release() {
        if (--depth > 0) {
            return;
        }
        depth = 0;
        for (int i = 0; i < size; i++) {
            LoopFlusher flusher = held[i];
            held[i] = null;
            flusher.wake();
        }
        size = 0;
    }

    /**
     * Called by a flusher that starts a batch: whether this thread holds wake-ups, and if so remembers the flusher.
     *
     * @param flusher the flusher whose batch was started
     * @return true when the wake-up is held until {@link #release()}
     */
    static boolean defer(LoopFlusher flusher) {
        HandOver handOver = CURRENT.get();
        if (handOver.depth == 0) {
            return false;
        }
        if (handOver.size == handOver.held.length) {
            handOver.held = Arrays.copyOf(handOver.held, handOver.size * 2);
        }
        handOver.held[handOver.size++] = flusher;
        return true;
    }
}
