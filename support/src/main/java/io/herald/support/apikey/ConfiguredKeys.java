package io.herald.support.apikey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A set of keys from configuration (a server or admin key; several at once so a new key can be rolled out before
 * the old one is removed), and where callers present them: {@code Authorization: apikey <key>} or
 * {@code X-API-Key: <key>} (Centrifugo's server-API convention).
 *
 * <p>Matching is constant-time per key ({@link MessageDigest#isEqual}) and always compares against every key, so
 * the time taken says nothing about which key, or how much of it, matched. The keys are never logged:
 * {@link #toString()} only counts them.
 */
public final class ConfiguredKeys {

    /** The header for keys in Centrifugo's server-API convention. */
    public static final String X_API_KEY = "X-API-Key";
    private static final String SCHEME = "apikey ";

    private final List<byte[]> keys;

    private ConfiguredKeys(List<byte[]> keys) {
        this.keys = keys;
    }

    /**
     * @param commaSeparated keys separated by commas (blanks ignored), e.g. the value of an environment variable; may
     *                       be null
     * @param minLength      the shortest acceptable key, so a typo like {@code x} is not accepted as a secret
     * @param setting        the setting's name for the error message (e.g. {@code HERALD_SERVER_API_KEY})
     * @return the keys
     * @throws IllegalArgumentException when a key is shorter than {@code minLength}
     */
    public static ConfiguredKeys parse(@Nullable String commaSeparated, int minLength, String setting) {
        if (commaSeparated == null) {
            return new ConfiguredKeys(List.of());
        }
        List<String> list = Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String key : list) {
            if (key.length() < minLength) {
                throw new IllegalArgumentException(setting + " holds a key shorter than " + minLength + " characters");
            }
        }
        return new ConfiguredKeys(list.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /**
     * @param configured keys as bound from configuration (blanks ignored, each trimmed)
     * @return the keys
     */
    public static ConfiguredKeys of(java.util.Collection<String> configured) {
        return new ConfiguredKeys(configured.stream().map(String::trim).filter(k -> !k.isEmpty())
            .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** @return whether no key is configured (then nothing matches) */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * @param presented a key a caller sent, or null
     * @return whether it equals one of the configured keys
     */
    public boolean matches(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(bytes, key);
        }
        return match;
    }

    /**
     * @param other another key set
     * @return whether any key is in both sets (an admin key must never also be a server key)
     */
    public boolean overlaps(ConfiguredKeys other) {
        for (byte[] key : other.keys) {
            if (matches(new String(key, StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param request an HTTP request
     * @return the key of {@code Authorization: apikey <key>}, or null
     */
    @Nullable
    public static String fromAuthorization(HttpRequest<?> request) {
        return fromAuthorization(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
    }

    @Nullable
    private static String fromAuthorization(@Nullable String authorization) {
        if (authorization != null && authorization.length() > SCHEME.length()
            && authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            String key = authorization.substring(SCHEME.length()).trim();
            return key.isEmpty() ? null : key;
        }
        return null;
    }

    /**
     * @param request an HTTP request
     * @return the key of {@code Authorization: apikey <key>}, else of {@code X-API-Key}, or null
     */
    @Nullable
    public static String presented(HttpRequest<?> request) {
        return presented(request.getHeaders().get(HttpHeaders.AUTHORIZATION), request.getHeaders().get(X_API_KEY));
    }

    /**
     * @param authorization the {@code Authorization} header, or null
     * @param xApiKey       the {@code X-API-Key} header, or null
     * @return the key of {@code Authorization: apikey <key>}, else of {@code X-API-Key}, or null
     */
    @Nullable
    public static String presented(@Nullable String authorization, @Nullable String xApiKey) {
        String key = fromAuthorization(authorization);
        if (key != null) {
            return key;
        }
        return xApiKey == null || xApiKey.isBlank() ? null : xApiKey.trim();
    }

    @Override
    public String toString() {
        return "ConfiguredKeys[" + keys.size() + " key(s)]";
    }
}
