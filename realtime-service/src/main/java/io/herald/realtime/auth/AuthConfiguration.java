package io.herald.realtime.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * Token verification ({@code herald.realtime.auth}).
 *
 * @param jwksUrl   JWKS of the auth-service; defaults to {@code http://127.0.0.1:8081/keys} ({@code HERALD_AUTH_JWKS_URL})
 * @param issuer    required {@code iss}; defaults to {@code herald}
 * @param cacheTtl  how long a fetched key set is trusted; defaults to 5 min (an unknown {@code kid} refetches at once)
 * @param timeout   JWKS fetch timeout; defaults to 2 s
 * @param clockSkew tolerance on {@code exp}/{@code iat}; defaults to 30 s
 */
@ConfigurationProperties("herald.realtime.auth")
public record AuthConfiguration(
    @NotBlank @Bindable(defaultValue = "http://127.0.0.1:8081/keys") String jwksUrl,
    @NotBlank @Bindable(defaultValue = "herald") String issuer,
    @Bindable(defaultValue = "5m") Duration cacheTtl,
    @Bindable(defaultValue = "2s") Duration timeout,
    @Bindable(defaultValue = "30s") Duration clockSkew) {
}
