package io.herald.auth.token;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Token settings ({@code herald.auth.token}).
 *
 * @param ttl       lifetime of socket and session tokens, and of minted tokens without {@code ttl}. Defaults to
 *                  15 minutes.
 * @param maxTtl    the longest {@code ttl} {@code POST /api/tokens} accepts; also how long a retired signing key
 *                  stays published. Defaults to 24 hours.
 * @param issuer    the {@code iss} claim. Defaults to {@code herald} (docs/internal-contracts.md).
 * @param maxGrants the most channel grants one token may carry. Defaults to 100.
 */
@ConfigurationProperties("herald.auth.token")
public record TokenProperties(
    @Bindable(defaultValue = "PT15M") @NotNull Duration ttl,
    @Bindable(defaultValue = "PT24H") @NotNull Duration maxTtl,
    @Bindable(defaultValue = "herald") @NotBlank String issuer,
    @Bindable(defaultValue = "100") @Min(0) @Max(10_000) int maxGrants) {
}
