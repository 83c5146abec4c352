package io.herald.webhook.delivery;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-endpoint delivery rate limits: a token bucket per endpoint holding one second's worth of requests, so a burst
 * up to the limit goes at once and the rest is paced. A request over the limit is not dropped: the caller postpones
 * the delivery by the returned wait (it stays queued in the database).
 *
 * <p>Limits are per process: with several instances each paces its own attempts.
 */
final class RateLimiter {

    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param endpoint  the endpoint
     * @param perSecond its limit (positive)
     * @param nowNanos  monotonic time
     * @return 0 when a request may go now (a permit is taken), else the nanoseconds until the next permit
     */
    long tryAcquire(UUID endpoint, int perSecond, long nowNanos) {
        return buckets.computeIfAbsent(endpoint, e -> new Bucket(perSecond, nowNanos)).take(perSecond, nowNanos);
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int perSecond, long now) {
            this.tokens = perSecond;
            this.last = now;
        }

        synchronized long take(int perSecond, long now) {
            tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1e9);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 1e9 / perSecond);
        }
    }
}
