package io.herald.auth.security;

import io.herald.support.apikey.ConfiguredKeys;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Authenticates the configured admin and server keys (compared by {@link ConfiguredKeys}, in constant time).
 *
 * <p>{@code Authorization: apikey <key>} matching the admin key yields role {@link Roles#ADMIN};
 * {@code Authorization: apikey <key>} or {@code X-API-Key: <key>} matching a server key yields {@link Roles#SERVER}.
 * Nothing else authenticates, so the two keys are never interchangeable and a user's API key opens neither.
 * Eagerly created ({@link Context}) so a missing {@code HERALD_ADMIN_KEY} stops start-up.
 */
@Context
public class ConfiguredKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    private final ConfiguredKeys adminKey;
    private final ConfiguredKeys serverKeys;

    ConfiguredKeyAuthenticationFetcher(KeyProperties properties) {
        if (properties.adminKey() == null || properties.adminKey().isBlank()) {
            throw new MissingSettingException("HERALD_ADMIN_KEY is not set: the auth-service needs an admin key "
                + "(herald.auth.admin-key) of at least " + KeyProperties.MIN_KEY_LENGTH + " characters");
        }
        if (properties.adminKey().trim().length() < KeyProperties.MIN_KEY_LENGTH || properties.adminKey().contains(",")) {
            throw new MissingSettingException("HERALD_ADMIN_KEY is too short: use at least "
                + KeyProperties.MIN_KEY_LENGTH + " characters (one key, no commas)");
        }
        this.adminKey = ConfiguredKeys.parse(properties.adminKey(), KeyProperties.MIN_KEY_LENGTH, "HERALD_ADMIN_KEY");
        this.serverKeys = ConfiguredKeys.parse(properties.serverApiKeys(), 1, "HERALD_SERVER_API_KEY");
        if (adminKey.overlaps(serverKeys)) {
            throw new MissingSettingException("HERALD_SERVER_API_KEY must not contain HERALD_ADMIN_KEY: "
                + "the admin and server keys are never interchangeable");
        }
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String authorization = ConfiguredKeys.fromAuthorization(request);
        if (authorization != null && adminKey.matches(authorization)) {
            return Publishers.just(Authentication.build("admin", List.of(Roles.ADMIN), Map.of()));
        }
        if (serverKeys.matches(ConfiguredKeys.presented(request))) {
            return Publishers.just(Authentication.build("server", List.of(Roles.SERVER), Map.of()));
        }
        return Publishers.empty();
    }
}
