package io.herald.webhook.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void roundTripsAndBindsToTheEndpoint() {
        SecretCipher c = new SecretCipher(KEY);
        byte[] stored = c.encrypt("whsec_abc", "ep-1");
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("whsec_abc"));
        assertEquals("whsec_abc", c.decrypt(stored, "ep-1"));
        assertThrows(IllegalStateException.class, () -> c.decrypt(stored, "ep-2"));
        byte[] other = new SecretCipher(Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}))
                .encrypt("whsec_abc", "ep-1");
        assertThrows(IllegalStateException.class, () -> c.decrypt(other, "ep-1"));
    }

    @Test
    void missingOrMalformedKeyNamesTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SecretCipher(null)).getMessage()
                .contains("HERALD_WEBHOOK_SECRET_KEY"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SecretCipher("AAAA")).getMessage()
                .contains("32 bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SecretCipher("***")).getMessage()
                .contains("HERALD_WEBHOOK_SECRET_KEY"));
    }
}
