package io.herald.webhook.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * How API-key callers are authenticated, {@code herald.auth.*}.
 *
 * @param url         auth-service base URL ({@code HERALD_AUTH_URL}). Defaults to {@code http://127.0.0.1:8081}.
 * @param apiKeyTtl   how long an exchanged token is reused for the same key (never beyond its {@code exp}).
 *                    Defaults to 60 s.
 * @param apiKeyCache max cached keys. Defaults to 10,000.
 */
@ConfigurationProperties("herald.auth")
public record AuthConfig(@Nullable String url, @Nullable Duration apiKeyTtl, @Nullable Integer apiKeyCache) {

    public AuthConfig {
        url = url == null || url.isBlank() ? "http://127.0.0.1:8081" : url;
        apiKeyTtl = apiKeyTtl == null ? Duration.ofSeconds(60) : apiKeyTtl;
        apiKeyCache = apiKeyCache == null ? 10_000 : apiKeyCache;
    }
}
