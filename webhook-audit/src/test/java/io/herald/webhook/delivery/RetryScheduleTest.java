package io.herald.webhook.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RetryConfig defaults = new RetryConfig(null, null, null, null);

    /** A generator that always returns {@code value} from nextDouble. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    private Duration delay(RetrySchedule s, int attempt, Outcome o, int code, Optional<Duration> ra) {
        return Duration.between(NOW, s.next(attempt, o, code, ra).orElseThrow());
    }

    @Test
    void defaultScheduleWithoutJitterIsDesignSeven() {
        RetrySchedule s = new RetrySchedule(defaults, clock, fixed(0.5));
        assertEquals(8, s.maxAttempts());
        assertEquals(Duration.ZERO, s.firstDelay());
        List<Duration> expected = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        for (int n = 1; n <= 7; n++) {
            assertEquals(expected.get(n - 1), delay(s, n, Outcome.HTTP_ERROR, 500, Optional.empty()), "after attempt " + n);
        }
        assertTrue(s.next(8, Outcome.HTTP_ERROR, 500, Optional.empty()).isEmpty(), "exhausted after 8");
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertEquals(Duration.ofMillis(240_000), delay(new RetrySchedule(defaults, clock, fixed(0.0)), 2, Outcome.HTTP_ERROR, 500, Optional.empty()));
        assertEquals(Duration.ofMillis(360_000), delay(new RetrySchedule(defaults, clock, fixed(1.0)), 2, Outcome.HTTP_ERROR, 500, Optional.empty()));
        RetrySchedule random = new RetrySchedule(defaults, clock, RandomGenerator.getDefault());
        for (int i = 0; i < 1000; i++) {
            long ms = delay(random, 3, Outcome.NETWORK_ERROR, 0, Optional.empty()).toMillis();
            assertTrue(ms >= 1_440_000 && ms <= 2_160_000, "30 min ± 20 %: " + ms);
        }
    }

    @Test
    void successAndGoneNeverRetry() {
        RetrySchedule s = new RetrySchedule(defaults, clock, fixed(0.5));
        assertTrue(s.next(1, Outcome.SUCCESS, 200, Optional.empty()).isEmpty());
        assertTrue(s.next(1, Outcome.GONE, 410, Optional.empty()).isEmpty());
    }

    @Test
    void retryAfterIsClampedToBaseAndTwiceBase() {
        RetrySchedule s = new RetrySchedule(defaults, clock, fixed(0.5));
        // after attempt 2 the base is 5 min
        assertEquals(Duration.ofMinutes(5), delay(s, 2, Outcome.THROTTLED, 503, Optional.of(Duration.ofSeconds(1))));
        assertEquals(Duration.ofMinutes(7), delay(s, 2, Outcome.THROTTLED, 503, Optional.of(Duration.ofMinutes(7))));
        assertEquals(Duration.ofMinutes(10), delay(s, 2, Outcome.THROTTLED, 503, Optional.of(Duration.ofHours(3))));
    }

    @Test
    void timeoutAnd429WaitAtLeastTheFloor() {
        RetrySchedule s = new RetrySchedule(defaults, clock, fixed(0.5));
        assertEquals(Duration.ofSeconds(60), delay(s, 1, Outcome.TIMEOUT, 0, Optional.empty()));
        assertEquals(Duration.ofSeconds(60), delay(s, 1, Outcome.THROTTLED, 429, Optional.of(Duration.ofSeconds(2))));
        assertEquals(Duration.ofSeconds(5), delay(s, 1, Outcome.THROTTLED, 503, Optional.empty()));
        assertEquals(Duration.ofMinutes(5), delay(s, 2, Outcome.TIMEOUT, 0, Optional.empty()));
    }

    @Test
    void scheduleIsConfigurableAndValidated() {
        RetryConfig c = new RetryConfig(List.of(Duration.ZERO, Duration.ofMillis(100)), 0.0, Duration.ZERO, Duration.ofDays(1));
        RetrySchedule s = new RetrySchedule(c, clock, fixed(0.9));
        assertEquals(2, s.maxAttempts());
        assertEquals(Duration.ofMillis(100), delay(s, 1, Outcome.TIMEOUT, 0, Optional.empty()));
        assertTrue(s.next(2, Outcome.TIMEOUT, 0, Optional.empty()).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new RetryConfig(null, 1.5, null, null));
        assertThrows(IllegalArgumentException.class, () -> new RetryConfig(List.of(Duration.ofSeconds(-1)), null, null, null));
    }
}
