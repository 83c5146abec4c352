package io.herald.auth.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Fixed-window request counters per key, in memory, per instance.
 *
 * <p>Hand-written rather than Bucket4j: the need (count per key, refuse above a limit, say when to retry) fits in a
 * few lines and a fixed window is what brute-force protection needs; a library would add a dependency without
 * adding behaviour. Limits are per instance; with N instances behind a balancer the effective limit is up to N times
 * higher, which is acceptable against guessing 256-bit keys.
 */
public final class RateLimiter {

    private final int limit;
    private final long windowNanos;
    private final int maxTracked;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, int count) {
    }

    /**
     * @param limit      requests allowed per window and key
     * @param window     window length
     * @param maxTracked number of keys tracked before expired windows are purged
     * @param nanoTime   monotonic clock ({@code System::nanoTime} in production)
     */
    public RateLimiter(int limit, Duration window, int maxTracked, LongSupplier nanoTime) {
        if (limit < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("limit must be >= 1 and window positive");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.maxTracked = maxTracked;
        this.nanoTime = nanoTime;
    }

    /**
     * Counts one request for a key.
     *
     * @param key the client address or credential
     * @return empty when allowed; otherwise how long until the key's window ends
     */
    public Optional<Duration> tryAcquire(String key) {
        long now = nanoTime.getAsLong();
        if (windows.size() >= maxTracked) {
            windows.values().removeIf(w -> now - w.start() >= windowNanos);
        }
        Window window = windows.compute(key, (k, w) -> w == null || now - w.start() >= windowNanos
            ? new Window(now, 1) : new Window(w.start(), w.count() + 1));
        if (window.count() <= limit) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(windowNanos - (now - window.start())));
    }
}
