package io.herald.platform;

import io.herald.platform.embedded.StateDirectory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties the platform derives from the environment before its context starts.
 *
 * <p>A setting given in the environment is left alone (the services read it as usual); a missing key is read from,
 * or generated into, the state directory, under the same file names {@code bin/herald} prints.
 */
final class PlatformSettings {

    /** File names in the state directory. */
    static final String ADMIN_KEY_FILE = "admin.key";
    static final String SERVER_KEY_FILE = "server.key";
    static final String WEBHOOK_SECRET_FILE = "webhook-secret.key";
    static final String KEY_ENCRYPTION_FILE = "key-encryption.key";

    private static final int KEY_BYTES = 24;
    private static final String DEFAULT_PORT = "8080";

    private PlatformSettings() {
    }

    static Map<String, Object> fromEnvironment(Map<String, String> env, StateDirectory state) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("herald.platform.home", state.root().toString());
        if (blank(env.get("HERALD_ADMIN_KEY"))) {
            properties.put("herald.auth.admin-key", state.apiKey(ADMIN_KEY_FILE, KEY_BYTES));
        }
        if (blank(env.get("HERALD_SERVER_API_KEY"))) {
            String serverKey = state.apiKey(SERVER_KEY_FILE, KEY_BYTES);
            properties.put("herald.auth.server-api-keys", serverKey);
            properties.put("herald.realtime.api.server-api-keys", serverKey);
            properties.put("herald.platform.server-api-key", serverKey);
        }
        if (blank(env.get("HERALD_WEBHOOK_SECRET_KEY"))) {
            properties.put("herald.webhook.secret-key", state.secret(WEBHOOK_SECRET_FILE));
        }
        if (blank(env.get("HERALD_AUTH_KEY_ENCRYPTION_KEY"))) {
            // auth-service keeps its generated signing keys in the database encrypted under this key
            properties.put("herald.auth.signing.key-encryption-key", state.secret(KEY_ENCRYPTION_FILE));
        }
        // The services find auth (its JWKS, its API-key check) at its own URL; here that is this very process.
        String self = "http://127.0.0.1:" + env.getOrDefault("MICRONAUT_SERVER_PORT", DEFAULT_PORT);
        if (blank(env.get("HERALD_AUTH_JWKS_URL"))) {
            properties.put("herald.token.jwks-url", self + "/keys");
            properties.put("micronaut.security.token.jwt.signatures.jwks.auth.url", self + "/keys");
        }
        if (blank(env.get("HERALD_AUTH_URL"))) {
            properties.put("herald.auth.url", self);
        }
        properties.put("herald.platform.self-url", self);
        if (blank(env.get("HERALD_NATS_URL"))) {
            properties.put("herald.bus.kind", "memory");
            // No NATS connection at all: the health check is what would open one.
            properties.put("endpoints.health.nats.enabled", false);
        }
        return properties;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
