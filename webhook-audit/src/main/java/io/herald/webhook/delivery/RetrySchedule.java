package io.herald.webhook.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When the next attempt of a delivery happens, if at all. Pure: time comes from the clock and jitter from the
 * random generator given to the constructor, so tests use fixed ones.
 *
 * <p>After attempt {@code n} (1-based) fails, the base delay is {@code schedule[n]}; none left means the delivery
 * is exhausted. The base gets ±jitter. A throttled response's {@code Retry-After} replaces it, clamped to
 * {@code [base, 2 × base]}. After a timeout or a 429 the delay is at least {@code minAfterThrottle}. Success and
 * {@code 410 Gone} never retry.
 */
public final class RetrySchedule {

    private final List<Duration> schedule;
    private final double jitter;
    private final Duration minAfterThrottle;
    private final Clock clock;
    private final RandomGenerator random;

    /**
     * @param config the policy
     * @param clock  the clock
     * @param random jitter source
     */
    public RetrySchedule(RetryConfig config, Clock clock, RandomGenerator random) {
        this.schedule = config.schedule();
        this.jitter = config.jitter();
        this.minAfterThrottle = config.minAfterThrottle();
        this.clock = clock;
        this.random = random;
    }

    /** @return the number of scheduled attempts of one delivery */
    public int maxAttempts() {
        return schedule.size();
    }

    /** @return the delay before the first attempt (usually zero) */
    public Duration firstDelay() {
        return schedule.get(0);
    }

    /**
     * The time of the next attempt after attempt {@code attemptNumber} ended with {@code outcome}.
     *
     * @param attemptNumber the attempt that just ended, 1-based
     * @param outcome       its outcome
     * @param responseCode  its HTTP status, 0 when there was none
     * @param retryAfter    the parsed {@code Retry-After}, if any
     * @return the next attempt time, or empty when the delivery is finished (success, gone or exhausted)
     */
    public Optional<Instant> next(int attemptNumber, Outcome outcome, int responseCode, Optional<Duration> retryAfter) {
        if (outcome == Outcome.SUCCESS || outcome == Outcome.GONE || attemptNumber >= schedule.size()) {
            return Optional.empty();
        }
        Duration base = schedule.get(Math.max(1, attemptNumber));
        Duration delay;
        if (outcome == Outcome.THROTTLED && retryAfter.isPresent()) {
            Duration ra = retryAfter.get();
            Duration max = base.multipliedBy(2);
            delay = ra.compareTo(base) < 0 ? base : ra.compareTo(max) > 0 ? max : ra;
        } else {
            double factor = 1 + (random.nextDouble() * 2 - 1) * jitter;
            delay = Duration.ofMillis(Math.round(base.toMillis() * factor));
        }
        if ((outcome == Outcome.TIMEOUT || responseCode == 429) && delay.compareTo(minAfterThrottle) < 0) {
            delay = minAfterThrottle;
        }
        return Optional.of(clock.instant().plus(delay));
    }
}
