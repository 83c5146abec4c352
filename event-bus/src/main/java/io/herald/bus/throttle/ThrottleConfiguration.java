package io.herald.bus.throttle;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Throttling of progress events ({@code herald.throttle}), the same for every service that delivers events.
 *
 * @param window          window per job; defaults to 5 s ({@code HERALD_THROTTLE_WINDOW})
 * @param tick            how often the timer closes windows when no event arrives; defaults to 100 ms
 * @param grace           how long after a window's end (in estimated stream time) the timer waits for a late event
 *                        that could still cancel the held progress; defaults to 200 ms
 * @param maxTerminalJobs how many finished jobs are remembered (their later progress is dropped) for the stream's max
 *                        age; defaults to 100,000
 */
@ConfigurationProperties("herald.throttle")
public record ThrottleConfiguration(
    @Bindable(defaultValue = "5s") Duration window,
    @Bindable(defaultValue = "100ms") Duration tick,
    @Bindable(defaultValue = "200ms") Duration grace,
    @Positive @Bindable(defaultValue = "100000") int maxTerminalJobs) {
}
