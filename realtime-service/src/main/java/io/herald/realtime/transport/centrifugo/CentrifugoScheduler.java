package io.herald.realtime.transport.centrifugo;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clock and timers a session uses (connect timeout, ping/pong, token expiry), injectable so tests drive time
 * by hand. In realtime-service, back it with Micronaut's {@code TaskScheduler} or the Netty event loop.
 */
public interface CentrifugoScheduler {

    /** @return the current time, epoch milliseconds */
    long nowMillis();

    /**
     * Runs {@code task} once after {@code delay}, on any thread.
     *
     * @param delay how long to wait
     * @param task  what to run
     * @return a handle to cancel it
     */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * How much earlier than one full interval after its connect a connection gets its first server ping: a random
     * phase in [0, interval / 2], so the pings (and pongs) of clients that connected in the same second do not all fall
     * into the same sweep. Every later ping follows one interval after the previous one, keeping the phase.
     *
     * @param intervalMillis the ping interval
     * @return the phase, milliseconds
     */
    default long pingPhaseMillis(long intervalMillis) {
        return java.util.concurrent.ThreadLocalRandom.current().nextLong(intervalMillis / 2 + 1);
    }

    /** A scheduled task that can be cancelled. */
    interface Cancellable {
        /** Cancels the task if it has not run yet; no-op otherwise. */
        void cancel();
    }

    /**
     * @param executor runs the timers
     * @param clock    tells the time
     * @return a scheduler backed by a {@link ScheduledExecutorService}
     */
    static CentrifugoScheduler of(ScheduledExecutorService executor, Clock clock) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(clock, "clock");
        return new CentrifugoScheduler() {
            @Override
            public long nowMillis() {
                return clock.millis();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                ScheduledFuture<?> future = executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            }
        };
    }
}
