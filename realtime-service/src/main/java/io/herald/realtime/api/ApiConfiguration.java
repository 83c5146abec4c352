package io.herald.realtime.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;
import java.util.List;

/**
 * Server API ({@code herald.realtime.api}).
 *
 * @param serverApiKeys accepted server API keys ({@code HERALD_SERVER_API_KEY}, comma-separated for rotation); when
 *                      empty the publish API answers 503. No default.
 * @param maxBodyBytes  largest request body; larger is answered 413. Defaults to 10 MiB
 * @param maxBroadcastChannels most channels in one {@code /api/broadcast}; more is answered 400. Defaults to 100
 */
@ConfigurationProperties("herald.realtime.api")
public record ApiConfiguration(
    @Bindable(defaultValue = "") List<String> serverApiKeys,
    @Positive @Bindable(defaultValue = "10485760") int maxBodyBytes,
    @Positive @Bindable(defaultValue = "100") int maxBroadcastChannels) {
}
