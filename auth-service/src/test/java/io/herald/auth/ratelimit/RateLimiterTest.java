package io.herald.auth.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(2, Duration.ofSeconds(10), 100, now::get);

    @Test
    void allowsLimitPerWindowThenSaysWhenToRetry() {
        assertTrue(limiter.tryAcquire("a").isEmpty());
        assertTrue(limiter.tryAcquire("a").isEmpty());
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(Optional.of(Duration.ofSeconds(6)), limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("b").isEmpty(), "keys count separately");
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertTrue(limiter.tryAcquire("a").isEmpty(), "a new window starts");
    }

    @Test
    void purgesExpiredCountersWhenFull() {
        RateLimiter small = new RateLimiter(1, Duration.ofSeconds(1), 3, now::get);
        for (int i = 0; i < 10; i++) {
            assertTrue(small.tryAcquire("k" + i).isEmpty());
            now.addAndGet(Duration.ofSeconds(2).toNanos());
        }
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, Duration.ofSeconds(1), 10, now::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, Duration.ZERO, 10, now::get));
    }
}
