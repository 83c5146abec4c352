package io.herald.realtime.transport;

import io.herald.support.log.RateLimitedWarning;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.LoggerFactory;

/**
 * The frames waiting for one event loop's connections, handed over in batches: a fan-out hands an event to many
 * connections from the router thread, and the loop writes a whole batch in one task, flushing each connection once,
 * after its last frame in the batch.
 *
 * <p>Why batches and not a queue per connection: a frame handed over is a reference stored from one thread for
 * another, and where that reference is stored decides a cost the CPU profile shows only as the GC's work. Connection
 * objects live long (the GC's old generation); a store into one marks its card, and G1's refinement thread then scans
 * that card again. A queue per connection made every delivery such a store, two or three cards per delivery: at
 * 20,000 deliveries a second, 60,000 cards a second and a tenth of the core. A batch is a new (young) object, stores
 * into young objects are not tracked, and the only long-lived store is the batch itself, once per batch.
 *
 * <p>The first frame of a batch wakes the loop, unless the thread handing it over holds its wake-ups for the rest of
 * an event's fan-out ({@link HandOver}).
 *
 * <p>Frames of one connection keep their order: batches are written in the order they were filled, and a frame is
 * appended to the current batch under this flusher's lock.
 */
final class LoopFlusher implements Runnable {

    private static final RateLimitedWarning FAILED_WRITES =
        new RateLimitedWarning(LoggerFactory.getLogger(LoopFlusher.class), Duration.ofSeconds(10));
    private static final Map<EventExecutor, LoopFlusher> FLUSHERS = Collections.synchronizedMap(new WeakHashMap<>());

    private final EventExecutor loop;
    // the batch being filled (guarded by this); null when none
    private Batch current;

    private LoopFlusher(EventExecutor loop) {
        this.loop = loop;
    }

    /** @return the flusher of an event loop (one per loop, created on first use) */
    static LoopFlusher of(EventExecutor loop) {
        return FLUSHERS.computeIfAbsent(loop, LoopFlusher::new);
    }

    /**
     * Any thread: a frame for a connection of this loop; written by the loop's next batch task.
     *
     * @param queue the connection's queue
     * @param frame the complete WebSocket frame
     */
    void offer(OutboundQueue queue, byte[] frame) {
        boolean wake = false;
        synchronized (this) {
            Batch batch = current;
            if (batch == null) {
                batch = new Batch();
                current = batch;
                // the first frame of a batch wakes the loop, unless this thread holds its wake-ups (HandOver)
                if (!HandOver.defer(this)) {
                    batch.scheduled = true;
                    wake = true;
                }
            }
            batch.add(queue, frame);
            if (!batch.scheduled && batch.size >= HandOver.EARLY_WAKE) {
                batch.scheduled = true;
                wake = true;
            }
        }
        if (wake) {
            loop.execute(this);
        }
    }

    /** Any thread, from {@link HandOver#release()}: wakes the loop for the current batch unless it already was. */
    void wake() {
        synchronized (this) {
            Batch batch = current;
            if (batch == null || batch.scheduled) {
                return;
            }
            batch.scheduled = true;
        }
        loop.execute(this);
    }

    /** Loop thread: writes the frames handed over so far (also those of other connections), in order. */
    @Override
    public void run() {
        Batch batch;
        synchronized (this) {
            batch = current;
            current = null;
        }
        if (batch != null) {
            batch.write();
        }
    }

    /** Frames in the order they were handed over; filled under the flusher's lock, written by the loop. */
    private static final class Batch {
        private OutboundQueue[] queues = new OutboundQueue[32];
        private byte[][] frames = new byte[32][];
        private int size;
        // whether a task to write this batch was handed to the loop (guarded by the flusher's lock)
        private boolean scheduled;

        void add(OutboundQueue queue, byte[] frame) {
            if (size == queues.length) {
                queues = Arrays.copyOf(queues, size * 2);
                frames = Arrays.copyOf(frames, size * 2);
            }
            queues[size] = queue;
            frames[size] = frame;
            size++;
        }

        void write() {
            // each connection's last frame in this batch carries its write promise and its flush (OutboundQueue.write)
            for (int i = 0; i < size; i++) {
                queues[i].last = i;
            }
            for (int i = 0; i < size; i++) {
                try {
                    queues[i].write(frames[i], i);
                } catch (RuntimeException e) {
                    // one broken connection must not cost the batch's other connections their frames
                    FAILED_WRITES.warn("could not write a frame to a connection: {} (logged at most every 10 s)",
                        e.toString());
                }
            }
        }
    }
}
