package io.herald.auth.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Authenticates the configured admin and server keys.
 *
 * <p>{@code Authorization: apikey <key>} matching the admin key yields role {@link Roles#ADMIN};
 * {@code Authorization: apikey <key>} or {@code X-API-Key: <key>} matching a server key yields {@link Roles#SERVER}.
 * Nothing else authenticates, so the two keys are never interchangeable and a user's API key opens neither.
 * Comparison is constant-time ({@link MessageDigest#isEqual}). Eagerly created ({@link Context}) so a missing
 * {@code HERALD_ADMIN_KEY} stops start-up.
 */
@Context
public class ConfiguredKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    /** The header for server keys in Centrifugo's server-API convention. */
    public static final String X_API_KEY = "X-API-Key";
    private static final String SCHEME = "apikey ";

    private final byte[] adminKey;
    private final List<byte[]> serverKeys;

    ConfiguredKeyAuthenticationFetcher(KeyProperties properties) {
        if (properties.adminKey() == null || properties.adminKey().isBlank()) {
            throw new MissingSettingException("HERALD_ADMIN_KEY is not set: the auth-service needs an admin key "
                + "(herald.auth.admin-key) of at least " + KeyProperties.MIN_KEY_LENGTH + " characters");
        }
        if (properties.adminKey().trim().length() < KeyProperties.MIN_KEY_LENGTH) {
            throw new MissingSettingException("HERALD_ADMIN_KEY is too short: use at least "
                + KeyProperties.MIN_KEY_LENGTH + " characters");
        }
        this.adminKey = properties.adminKey().trim().getBytes(StandardCharsets.UTF_8);
        this.serverKeys = properties.serverKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        for (byte[] serverKey : serverKeys) {
            if (MessageDigest.isEqual(serverKey, adminKey)) {
                throw new MissingSettingException("HERALD_SERVER_API_KEY must not contain HERALD_ADMIN_KEY: "
                    + "the admin and server keys are never interchangeable");
            }
        }
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.length() > SCHEME.length()
            && authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            byte[] presented = authorization.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(presented, adminKey)) {
                return Publishers.just(Authentication.build("admin", List.of(Roles.ADMIN), Map.of()));
            }
            if (isServerKey(presented)) {
                return Publishers.just(Authentication.build("server", List.of(Roles.SERVER), Map.of()));
            }
        }
        String xApiKey = request.getHeaders().get(X_API_KEY);
        if (xApiKey != null && isServerKey(xApiKey.trim().getBytes(StandardCharsets.UTF_8))) {
            return Publishers.just(Authentication.build("server", List.of(Roles.SERVER), Map.of()));
        }
        return Publishers.empty();
    }

    private boolean isServerKey(byte[] presented) {
        boolean match = false;
        for (byte[] key : serverKeys) {
            match |= MessageDigest.isEqual(presented, key);
        }
        return match;
    }
}
