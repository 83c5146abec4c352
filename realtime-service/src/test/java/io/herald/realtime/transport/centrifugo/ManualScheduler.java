package io.herald.realtime.transport.centrifugo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler whose time only moves when a test calls {@link #advance}; runs due tasks in time order. */
final class ManualScheduler implements CentrifugoScheduler {

    private long now;
    private long seq;
    private final List<Task> tasks = new ArrayList<>();

    ManualScheduler(long startMillis) {
        this.now = startMillis;
    }

    private final class Task implements Cancellable {
        final long due;
        final long order = seq++;
        final Runnable run;
        boolean cancelled;

        Task(long due, Runnable run) {
            this.due = due;
            this.run = run;
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                cancelled = true;
                tasks.remove(this);
            }
        }
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + delay.toMillis(), task);
        tasks.add(t);
        return t;
    }

    /** Moves time forward, running every task that falls due, in order. */
    /** No random phase: tests see the first ping exactly one interval after the connect. */
    @Override
    public long pingPhaseMillis(long intervalMillis) {
        return 0;
    }

    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toMillis();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.due <= target)
                        .min(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.order))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = Math.max(now, next.due);
            }
            next.run.run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }
}
