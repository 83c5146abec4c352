package io.herald.support.log;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A warning that is logged at most once per interval, however often it happens: a publish path that fails a thousand
 * times a second while NATS is down must not write a thousand log lines. The first occurrence is logged at once; later
 * ones within the interval are counted, and the next line says how many were left out.
 *
 * <p>Thread-safe and lock-free: callers on event loops race on one compare-and-set.
 */
public final class RateLimitedWarning {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * @param log      where the warning goes
     * @param interval at most one line per this interval
     */
    public RateLimitedWarning(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    /**
     * @param log       where the warning goes
     * @param interval  at most one line per this interval
     * @param nanoClock a monotonic clock in nanoseconds (tests pass a fake one)
     */
    public RateLimitedWarning(Logger log, Duration interval, LongSupplier nanoClock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Logs the warning unless one was logged within the interval.
     *
     * @param format an SLF4J message format
     * @param args   its arguments (never secrets)
     * @return whether a line was written
     */
    public boolean warn(String format, Object... args) {
        long now = nanoClock.getAsLong();
        long allowed = nextAllowed.get();
        if ((allowed != Long.MIN_VALUE && now - allowed < 0) || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long left = suppressed.getAndSet(0);
        if (left > 0) {
            log.warn(format + " (and " + left + " more like it since the last such line)", args);
        } else {
            log.warn(format, args);
        }
        return true;
    }
}
