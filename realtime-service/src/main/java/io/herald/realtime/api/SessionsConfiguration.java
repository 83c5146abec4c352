package io.herald.realtime.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Ending sessions ({@code herald.realtime.sessions}).
 *
 * @param revocationMemory how long a revoked API key or user is remembered (and how far back an instance that starts
 *                         later reads the revocations from the bus): at least the longest token lifetime auth-service
 *                         issues ({@code herald.auth.token.max-ttl}), after which every token a revocation could refuse
 *                         has expired. Capped by the stream's max age, which stores the revocations. Defaults to 24 h
 *                         ({@code HERALD_REVOCATION_MEMORY})
 * @param maxUserLength    longest {@code user} accepted by {@code POST /api/disconnect}; longer is answered 400.
 *                         Defaults to 256
 */
@ConfigurationProperties("herald.realtime.sessions")
public record SessionsConfiguration(
    @NotNull @Bindable(defaultValue = "24h") Duration revocationMemory,
    @Positive @Bindable(defaultValue = "256") int maxUserLength) {
}
