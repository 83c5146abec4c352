package io.herald.support.token;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * How tokens are verified ({@code herald.token}).
 *
 * @param jwksUrl   the JWKS of Herald's auth-service. Defaults to {@code http://127.0.0.1:8081/keys}
 *                  (environment {@code HERALD_AUTH_JWKS_URL}).
 * @param issuer    the {@code iss} Herald's tokens must carry. Defaults to {@code herald}.
 * @param cacheTtl  how long a fetched key set is trusted (an unknown {@code kid} fetches at once). Defaults to 5 min.
 * @param timeout   JWKS fetch timeout. Defaults to 2 s.
 * @param clockSkew tolerance on {@code exp}, {@code iat} and {@code nbf} between Herald's clocks and the issuer's.
 *                  Defaults to 60 s ({@code HERALD_TOKEN_CLOCK_SKEW}).
 */
@ConfigurationProperties("herald.token")
public record TokenConfiguration(
    @NotBlank @Bindable(defaultValue = "http://127.0.0.1:8081/keys") String jwksUrl,
    @NotBlank @Bindable(defaultValue = "herald") String issuer,
    @NotNull @Bindable(defaultValue = "5m") Duration cacheTtl,
    @NotNull @Bindable(defaultValue = "2s") Duration timeout,
    @NotNull @Bindable(defaultValue = "60s") Duration clockSkew) {
}
