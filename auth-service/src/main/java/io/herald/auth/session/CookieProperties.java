package io.herald.auth.session;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Session cookie settings ({@code herald.auth.cookie}). The name ({@code herald_session}), {@code Path=/},
 * HttpOnly and SameSite=Lax are fixed by docs/internal-contracts.md.
 *
 * @param secure          whether to add {@code Secure} (set it when Herald is served over TLS). Defaults to false.
 * @param sessionLifetime the absolute lifetime of a cookie session: {@code POST /api/auth/refresh} renews the cookie
 *                        until this long after the login, then the user must log in again
 *                        ({@code HERALD_AUTH_SESSION_LIFETIME}). Defaults to 12 hours.
 */
@ConfigurationProperties("herald.auth.cookie")
public record CookieProperties(@Bindable(defaultValue = "false") boolean secure,
                               @Bindable(defaultValue = "PT12H") @NotNull Duration sessionLifetime) {
}
