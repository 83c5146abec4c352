package io.herald.auth.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Rate limits of {@code POST /api/public/auth/socket} and {@code POST /api/auth/login}
 * ({@code herald.auth.rate-limit}); each endpoint counts separately.
 *
 * @param enabled    whether limits apply. Defaults to true.
 * @param window     length of a counting window. Defaults to 1 minute.
 * @param perIp      requests per window from one client address. Defaults to 120.
 * @param perKey     requests per window for one API-key prefix or login e-mail. Defaults to 30.
 * @param maxTracked counters kept before expired ones are purged. Defaults to 100,000.
 */
@ConfigurationProperties("herald.auth.rate-limit")
public record RateLimitProperties(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "PT1M") @NotNull Duration window,
    @Bindable(defaultValue = "120") @Min(1) int perIp,
    @Bindable(defaultValue = "30") @Min(1) int perKey,
    @Bindable(defaultValue = "100000") @Min(100) int maxTracked) {
}
