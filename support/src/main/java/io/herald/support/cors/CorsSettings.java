package io.herald.support.cors;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;

/**
 * Which browser origins may call a Herald service ({@code herald.cors}, environment {@code HERALD_CORS_ORIGINS}).
 *
 * @param origins comma-separated origins such as {@code https://app.example.com}; exact matches, no wildcards.
 *                Defaults to none: only pages of the service's own origin may call it.
 * @param maxAge  how long a browser may cache a preflight answer. Defaults to 10 minutes.
 */
@ConfigurationProperties("herald.cors")
public record CorsSettings(@Nullable List<String> origins, @Nullable Duration maxAge) {

    /** The request headers Herald's APIs read, allowed in every preflight. */
    public static final List<String> ALLOWED_HEADERS =
        List.of("X-AUTH-TOKEN", "Authorization", "Content-Type", "X-API-Key");

    /** Canonical form: blanks dropped, trailing slashes removed, defaults applied. */
    public CorsSettings {
        origins = origins == null ? List.of() : origins.stream().map(String::trim).filter(s -> !s.isEmpty())
            .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
        maxAge = maxAge == null ? Duration.ofMinutes(10) : maxAge;
    }
}
