package io.herald.auth.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.Arrays;
import java.util.List;

/**
 * Configured secrets ({@code herald.auth}).
 *
 * @param adminKey      the admin key ({@code HERALD_ADMIN_KEY}). Required: start-up stops without it.
 * @param serverApiKeys server-to-server keys ({@code HERALD_SERVER_API_KEY}), comma-separated so a new key can be
 *                      added before the old one is removed. Defaults to none (then {@code /api/tokens} refuses
 *                      every call).
 */
@ConfigurationProperties("herald.auth")
public record KeyProperties(@Nullable String adminKey, @Nullable String serverApiKeys) {

    /** Minimum length of a configured key, so a typo like {@code x} is not accepted as a secret. */
    public static final int MIN_KEY_LENGTH = 16;

    /** @return the server keys, trimmed, blanks dropped */
    public List<String> serverKeys() {
        if (serverApiKeys == null) {
            return List.of();
        }
        return Arrays.stream(serverApiKeys.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "KeyProperties[adminKey=***, serverApiKeys=" + serverKeys().size() + " key(s)]";
    }
}
