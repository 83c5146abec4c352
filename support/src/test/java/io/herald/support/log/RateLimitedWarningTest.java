package io.herald.support.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedWarningTest {

    private final AtomicLong clock = new AtomicLong(5);
    private final RateLimitedWarning warning = new RateLimitedWarning(
        LoggerFactory.getLogger(RateLimitedWarningTest.class), Duration.ofSeconds(10), clock::get);

    @Test
    void firstOccurrenceIsLoggedThenOneLinePerInterval() {
        assertTrue(warning.warn("publish failed: {}", "nats down"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(warning.warn("publish failed: {}", "nats down"));
        }
        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        assertFalse(warning.warn("publish failed: {}", "nats down"));
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(warning.warn("publish failed: {}", "nats down"));
        assertFalse(warning.warn("publish failed: {}", "nats down"));
    }

    @Test
    void countsLinesOverManyIntervals() {
        int written = 0;
        for (int second = 0; second < 60; second++) {
            for (int i = 0; i < 100; i++) {
                written += warning.warn("x") ? 1 : 0;
            }
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        assertEquals(6, written);
    }

    @Test
    void refusesANonPositiveInterval() {
        assertThrows(IllegalArgumentException.class,
            () -> new RateLimitedWarning(LoggerFactory.getLogger("x"), Duration.ZERO));
    }
}
