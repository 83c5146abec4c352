package io.herald.auth.session;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Session cookie settings ({@code herald.auth.cookie}). The name ({@code herald_session}), {@code Path=/},
 * HttpOnly and SameSite=Lax are fixed by docs/internal-contracts.md.
 *
 * @param secure whether to add {@code Secure} (set it when Herald is served over TLS). Defaults to false.
 */
@ConfigurationProperties("herald.auth.cookie")
public record CookieProperties(@Bindable(defaultValue = "false") boolean secure) {
}
