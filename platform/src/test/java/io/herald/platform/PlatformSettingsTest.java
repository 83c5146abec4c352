package io.herald.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.platform.embedded.StateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the platform derives from an explicit environment map (never the caller's environment). */
class PlatformSettingsTest {

    @TempDir
    Path home;

    @Test
    void withNothingSetKeysAreGeneratedOnceAndKeptAndEverythingRunsInProcess() throws Exception {
        StateDirectory state = new StateDirectory(home);
        Map<String, Object> first = PlatformSettings.fromEnvironment(Map.of(), state);
        Map<String, Object> second = PlatformSettings.fromEnvironment(Map.of(), state);

        assertThat(first).isEqualTo(second);
        assertThat(first.get("herald.auth.admin-key")).isEqualTo(Files.readString(home.resolve("admin.key")).trim());
        assertThat(first.get("herald.auth.server-api-keys")).isEqualTo(first.get("herald.realtime.api.server-api-keys"))
            .isEqualTo(Files.readString(home.resolve("server.key")).trim());
        assertThat(Base64.getDecoder().decode((String) first.get("herald.webhook.secret-key"))).hasSize(32);
        assertThat(first).containsEntry("herald.bus.kind", "memory")
            .containsEntry("endpoints.health.nats.enabled", false)
            .containsEntry("herald.platform.self-url", "http://127.0.0.1:8080")
            .containsEntry("herald.token.jwks-url", "http://127.0.0.1:8080/keys");
        assertThat(Base64.getDecoder().decode((String) first.get("herald.auth.signing.key-encryption-key"))).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("admin.key"))))
            .isEqualTo("rw-------");
    }

    @Test
    void settingsGivenInTheEnvironmentAreLeftToTheServices() {
        Map<String, Object> properties = PlatformSettings.fromEnvironment(Map.of(
            "HERALD_ADMIN_KEY", "admin-from-env", "HERALD_SERVER_API_KEY", "server-from-env",
            "HERALD_WEBHOOK_SECRET_KEY", "c2VjcmV0", "HERALD_NATS_URL", "nats://10.0.0.1:4222",
            "HERALD_AUTH_JWKS_URL", "https://auth.example.com/keys", "MICRONAUT_SERVER_PORT", "9090"),
            new StateDirectory(home));

        assertThat(properties).doesNotContainKeys("herald.auth.admin-key", "herald.auth.server-api-keys",
            "herald.webhook.secret-key", "herald.bus.kind", "herald.token.jwks-url")
            .containsEntry("herald.platform.self-url", "http://127.0.0.1:9090");
        assertThat(home.resolve("admin.key")).doesNotExist();
    }
}
