package io.herald.support.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.http.HttpRequest;
import org.junit.jupiter.api.Test;

class ConfiguredKeysTest {

    @Test
    void matchesEveryConfiguredKeyForRotationAndNothingElse() {
        ConfiguredKeys keys = ConfiguredKeys.parse(" old-key-0123456789 , new-key-0123456789,, ", 16, "KEYS");
        assertThat(keys.matches("old-key-0123456789")).isTrue();
        assertThat(keys.matches("new-key-0123456789")).isTrue();
        assertThat(keys.matches("new-key-012345678")).isFalse();
        assertThat(keys.matches("")).isFalse();
        assertThat(keys.matches(null)).isFalse();
        assertThat(keys.toString()).doesNotContain("key-0123").contains("2 key(s)");
    }

    @Test
    void noKeysMatchNothingAndShortKeysAreRefused() {
        assertThat(ConfiguredKeys.parse(null, 16, "KEYS").matches("anything-at-all-123")).isFalse();
        assertThat(ConfiguredKeys.parse("", 16, "KEYS").isEmpty()).isTrue();
        assertThatThrownBy(() -> ConfiguredKeys.parse("short", 16, "HERALD_SERVER_API_KEY"))
            .hasMessageContaining("HERALD_SERVER_API_KEY").hasMessageNotContaining("short,");
    }

    @Test
    void readsBothHeaderConventions() {
        assertThat(ConfiguredKeys.presented(HttpRequest.GET("/").header("Authorization", "ApiKey abc"))).isEqualTo("abc");
        assertThat(ConfiguredKeys.presented(HttpRequest.GET("/").header("X-API-Key", "xyz"))).isEqualTo("xyz");
        assertThat(ConfiguredKeys.presented(HttpRequest.GET("/").header("Authorization", "Bearer abc"))).isNull();
        assertThat(ConfiguredKeys.fromAuthorization(HttpRequest.GET("/").header("X-API-Key", "xyz"))).isNull();
    }

    @Test
    void detectsAKeyInBothSets() {
        ConfiguredKeys admin = ConfiguredKeys.parse("admin-key-0123456789", 16, "A");
        assertThat(admin.overlaps(ConfiguredKeys.parse("server-key-0123456,admin-key-0123456789", 16, "S"))).isTrue();
        assertThat(admin.overlaps(ConfiguredKeys.parse("server-key-0123456", 16, "S"))).isFalse();
    }
}
