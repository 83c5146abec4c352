package io.herald.realtime.throttle;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Throttling of progress events ({@code herald.realtime.throttle}).
 *
 * @param window window per job; defaults to 5 s ({@code HERALD_THROTTLE_WINDOW})
 * @param tick   how often the timer closes windows when no event arrives; defaults to 100 ms
 * @param grace  how long after a window's end (in estimated stream time) the timer waits for a late event that could
 *               still cancel the held progress; defaults to 200 ms
 */
@ConfigurationProperties("herald.realtime.throttle")
public record ThrottleConfiguration(
    @Bindable(defaultValue = "5s") Duration window,
    @Bindable(defaultValue = "100ms") Duration tick,
    @Bindable(defaultValue = "200ms") Duration grace) {
}
