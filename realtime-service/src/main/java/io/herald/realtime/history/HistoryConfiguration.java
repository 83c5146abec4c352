package io.herald.realtime.history;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;

/**
 * The history API ({@code herald.realtime.history}). How far back it reaches is the recovery bound
 * ({@code herald.realtime.limits.history-max-count} events after {@code since}, within the stream's max age).
 *
 * @param defaultLimit events answered when the request names no {@code limit}. Defaults to 100
 * @param maxLimit     the largest {@code limit} honoured; a larger one is lowered to it. Defaults to 1,000
 */
@ConfigurationProperties("herald.realtime.history")
public record HistoryConfiguration(
    @Positive @Bindable(defaultValue = "100") int defaultLimit,
    @Positive @Bindable(defaultValue = "1000") int maxLimit) {
}
