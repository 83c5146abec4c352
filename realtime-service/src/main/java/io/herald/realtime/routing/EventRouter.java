package io.herald.realtime.routing;

import io.herald.bus.BusEvent;
import io.herald.bus.EventBus;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.Verdict;
import io.herald.bus.throttle.ProgressThrottle;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.transport.HandOver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event pipeline: bus → {@link EventCheck} → {@link ProgressThrottle} → {@link Hub#publish}.
 *
 * <p>Events are routed on the bus's delivery thread (one thread, in stream order), so they reach the hub in stream
 * order with no hand-off to another thread. A timer thread closes throttle windows when no event arrives; it advances
 * the throttle to an estimate of stream time (last stream timestamp + local time elapsed since it arrived − grace), so
 * a held progress is released shortly after its window ends, and a late-arriving non-progress event within the grace
 * still wins. Routing and the timer hold one lock (uncontended but for the timer's ticks).
 */
public final class EventRouter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

    private final EventBus bus;
    private final EventCheck check;
    private final Hub hub;
    private final RealtimeMetrics metrics;
    private final ProgressThrottle<Delivery> throttle;
    private final long graceMillis;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-throttle-timer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong lastInvalidLog = new AtomicLong();
    private long lastStreamMillis = Long.MIN_VALUE;
    private long lastLocalNanos;
    private long reportedSuppressed;
    private long reportedDropped;
    private AutoCloseable subscription;

    /**
     * @param bus     where events come from (and invalid ones go to)
     * @param check   the event contract
     * @param hub     where valid events go
     * @param metrics meters
     * @param window  throttle window
     * @param tick    timer period
     * @param grace   how long after a window's end the timer waits for late events
     * @param terminalMemory  how long finished jobs are remembered (the stream's max age)
     * @param maxTerminalJobs how many finished jobs are remembered at most
     */
    public EventRouter(EventBus bus, EventCheck check, Hub hub, RealtimeMetrics metrics, Duration window, Duration tick,
                       Duration grace, Duration terminalMemory, int maxTerminalJobs) {
        this.bus = bus;
        this.check = check;
        this.hub = hub;
        this.metrics = metrics;
        this.graceMillis = grace.toMillis();
        this.throttle = new ProgressThrottle<>(window.toMillis(), terminalMemory.toMillis(), maxTerminalJobs, this::deliver);
        timer.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts consuming every channel from the bus. */
    public void start() {
        subscription = bus.subscribeAll(this::route);
    }

    private void route(BusEvent event) {
        try {
            synchronized (this) {
                routeOrThrow(event);
            }
        } catch (RuntimeException e) {
            // an exception must not end the bus's delivery thread nor vanish: logged here
            LOG.error("could not route the event at offset {} on channel {}", event.offset(), event.channel(), e);
        }
    }

    private void routeOrThrow(BusEvent event) {
        lastStreamMillis = Math.max(lastStreamMillis, event.timestampMillis());
        lastLocalNanos = System.nanoTime();
        Verdict verdict = check.check(event.channel(), event.data());
        if (!verdict.valid()) {
            metrics.invalid();
            bus.deadLetter(event.channel(), event.data(), verdict.errorsJson());
            long now = System.currentTimeMillis();
            long last = lastInvalidLog.get();
            if (now - last > 10_000 && lastInvalidLog.compareAndSet(last, now)) {
                LOG.warn("invalid event on channel {} at offset {} dead-lettered: {} (logged at most every 10 s)",
                    event.channel(), event.offset(), verdict.errors());
            }
            return;
        }
        metrics.valid();
        throttle.accept(event.channel(), verdict.jobKey(), verdict.lifecycle(), event.timestampMillis(),
            new Delivery(event.channel(), event.offset(), event.timestampMillis(), event.data()));
        if (verdict.mirror() != null) {
            // The catalogue's mirror rule (exports:{uuid} → export.{guid}.job): producers publish once; the mirror
            // channel gets the same event at the same offset, throttled as its own channel.
            throttle.accept(verdict.mirror(), verdict.jobKey(), verdict.lifecycle(), event.timestampMillis(),
                new Delivery(verdict.mirror(), event.offset(), event.timestampMillis(), event.data()));
        }
        reportThrottle();
    }

    private void tick() {
        try {
            synchronized (this) {
                advance();
            }
        } catch (RuntimeException e) {
            LOG.error("could not release throttled events", e);
        }
    }

    private void advance() {
        if (lastStreamMillis == Long.MIN_VALUE) {
            return;
        }
        long elapsed = (System.nanoTime() - lastLocalNanos) / 1_000_000;
        throttle.advanceTo(lastStreamMillis + elapsed - graceMillis);
        reportThrottle();
    }

    private void reportThrottle() {
        long suppressed = throttle.suppressedCount();
        long dropped = throttle.droppedCount();
        if (suppressed != reportedSuppressed || dropped != reportedDropped) {
            metrics.throttled(suppressed - reportedSuppressed, dropped - reportedDropped);
            reportedSuppressed = suppressed;
            reportedDropped = dropped;
        }
    }

    private void deliver(Delivery delivery) {
        int sessions;
        // each event loop is woken once per event, with all its frames of the event (not at the first one)
        HandOver held = HandOver.hold();
        try {
            sessions = hub.publish(delivery);
        } finally {
            held.release();
        }
        metrics.delivered(sessions, System.currentTimeMillis() - delivery.timestampMillis());
    }

    /**
     * Stops consuming and waits (briefly) until the events already taken are handed to the hub.
     */
    @Override
    public void close() {
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            LOG.debug("closing the bus subscription: {}", e.toString());
        }
        timer.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
