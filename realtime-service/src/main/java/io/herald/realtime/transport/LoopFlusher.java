package io.herald.realtime.transport;

import io.netty.util.concurrent.EventExecutor;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drains the outbound queues of one event loop's connections in one task: a fan-out hands an event to many
 * connections from the router thread, and scheduling one task per connection per event (each a task object, a queue
 * insertion and possibly a wake-up of the loop) cost more than the writes. Queues with frames waiting register here
 * once; the loop runs one task that drains every registered queue, each with one flush.
 */
final class LoopFlusher implements Runnable {

    private static final Map<EventExecutor, LoopFlusher> FLUSHERS = Collections.synchronizedMap(new WeakHashMap<>());

    private final EventExecutor loop;
    private final ConcurrentLinkedQueue<OutboundQueue> dirty = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    private LoopFlusher(EventExecutor loop) {
        this.loop = loop;
    }

    /** @return the flusher of an event loop (one per loop, created on first use) */
    static LoopFlusher of(EventExecutor loop) {
        return FLUSHERS.computeIfAbsent(loop, LoopFlusher::new);
    }

    /** Any thread: the queue has frames to write; it is drained by the loop's next flush task. */
    void schedule(OutboundQueue queue) {
        dirty.add(queue);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        OutboundQueue queue;
        while ((queue = dirty.poll()) != null) {
            queue.drain();
        }
    }
}
