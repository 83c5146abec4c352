package io.herald.webhook.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;

/**
 * Retry policy, {@code herald.webhook.retry.*}.
 *
 * @param schedule         delay before each attempt; the first entry is the first attempt's delay. Defaults to
 *                         {@code 0s, 5s, 5m, 30m, 2h, 5h, 10h, 10h} (8 attempts).
 * @param jitter           relative jitter applied to each delay. Defaults to 0.2 (±20 %).
 * @param minAfterThrottle floor of the delay after a timeout or a 429. Defaults to 60 s.
 * @param disableAfter     an endpoint whose deliveries keep exhausting their retries with no success for this long
 *                         is disabled. Defaults to 5 days.
 */
@ConfigurationProperties("herald.webhook.retry")
public record RetryConfig(@Nullable List<Duration> schedule, @Nullable Double jitter,
                          @Nullable Duration minAfterThrottle, @Nullable Duration disableAfter) {

    /** Default schedule. */
    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10));

    public RetryConfig {
        schedule = schedule == null || schedule.isEmpty() ? DEFAULT_SCHEDULE : List.copyOf(schedule);
        jitter = jitter == null ? 0.2 : jitter;
        minAfterThrottle = minAfterThrottle == null ? Duration.ofSeconds(60) : minAfterThrottle;
        disableAfter = disableAfter == null ? Duration.ofDays(5) : disableAfter;
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("herald.webhook.retry.jitter must be in [0, 1), was " + jitter);
        }
        for (Duration d : schedule) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("herald.webhook.retry.schedule has a negative delay: " + d);
            }
        }
    }
}
