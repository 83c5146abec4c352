package io.herald.support.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class AesGcmCipherTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String OTHER = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void roundTripsAndBindsTheCiphertextToItsRowAndKey() {
        AesGcmCipher cipher = new AesGcmCipher(KEY, "K");
        String stored = cipher.encrypt("{\"d\":\"private\"}", "kid-1");
        assertThat(stored).startsWith("v1:").doesNotContain("private");
        assertThat(cipher.decrypt(stored, "kid-1")).isEqualTo("{\"d\":\"private\"}");
        assertThat(cipher.encrypt("x", "kid-1")).isNotEqualTo(cipher.encrypt("x", "kid-1"));
        assertThatThrownBy(() -> cipher.decrypt(stored, "kid-2")).hasMessageContaining("does not decrypt with K");
        assertThatThrownBy(() -> new AesGcmCipher(OTHER, "K").decrypt(stored, "kid-1")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt("{\"plain\":1}", "kid-1")).hasMessageContaining("unknown format");
    }

    @Test
    void refusesMissingOrMalformedKeysNamingTheSetting() {
        assertThatThrownBy(() -> new AesGcmCipher(null, "HERALD_AUTH_KEY_ENCRYPTION_KEY"))
            .hasMessageStartingWith("HERALD_AUTH_KEY_ENCRYPTION_KEY is required");
        assertThatThrownBy(() -> new AesGcmCipher("%%%", "S")).hasMessage("S is not valid base64");
        assertThatThrownBy(() -> new AesGcmCipher(Base64.getEncoder().encodeToString(new byte[16]), "S"))
            .hasMessage("S must be base64 of 32 bytes, has 16");
    }
}
