package io.herald.realtime.snapshot;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Snapshots on subscribe ({@code herald.realtime.snapshot}). The events read are bounded by
 * {@code herald.realtime.limits.history-max-count}: when the lookback holds more, it is halved until it fits (never
 * below the finished window).
 *
 * @param finishedWindow how long a finished job's terminal event stays in its channel's snapshot. Defaults to 10 min
 * @param lookback       how much stream time is read to find a channel's state: a job silent for longer is not
 *                       shown. Defaults to 1 h
 */
@ConfigurationProperties("herald.realtime.snapshot")
public record SnapshotConfiguration(
    @Bindable(defaultValue = "10m") Duration finishedWindow,
    @Bindable(defaultValue = "1h") Duration lookback) {
}
