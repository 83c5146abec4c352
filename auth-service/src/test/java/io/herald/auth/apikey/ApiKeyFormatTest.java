package io.herald.auth.apikey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    private final ApiKeyFormat format = new ApiKeyFormat(new SecureRandom());

    @Test
    void generatedKeyHasPrefixAndMatchesOnlyItsOwnHash() {
        ApiKeyFormat.NewKey key = format.generate();
        assertEquals(ApiKeyFormat.KEY_LENGTH, key.key().length());
        assertTrue(key.key().startsWith("hk_" + key.prefix()));
        assertEquals(Optional.of(key.prefix()), ApiKeyFormat.prefixOf(key.key()));
        assertTrue(ApiKeyFormat.matches(key.key(), key.salt(), key.hash()));
        String tampered = key.key().substring(0, key.key().length() - 1)
            + (key.key().endsWith("A") ? "B" : "A");
        assertFalse(ApiKeyFormat.matches(tampered, key.salt(), key.hash()));
        assertFalse(key.toString().contains(key.key()), "toString leaks the key");
    }

    @Test
    void saltMakesHashesOfTheSameKeyDiffer() {
        ApiKeyFormat.NewKey key = format.generate();
        byte[] otherSalt = key.salt().clone();
        otherSalt[0] ^= 1;
        assertNotEquals(java.util.Arrays.toString(key.hash()),
            java.util.Arrays.toString(ApiKeyFormat.hash(otherSalt, key.key())));
        assertArrayEquals(key.hash(), ApiKeyFormat.hash(key.salt(), key.key()));
    }

    @Test
    void prefixOfRejectsAnythingElse() {
        assertEquals(Optional.empty(), ApiKeyFormat.prefixOf(null));
        assertEquals(Optional.empty(), ApiKeyFormat.prefixOf(""));
        assertEquals(Optional.empty(), ApiKeyFormat.prefixOf("hk_short"));
        assertEquals(Optional.empty(), ApiKeyFormat.prefixOf("xx_abcdefghijkl" + "A".repeat(43)));
        assertEquals(Optional.empty(), ApiKeyFormat.prefixOf("hk_ABCDEFGHIJKL" + "A".repeat(43)));
        assertEquals(Optional.of("abcdefghijkl"), ApiKeyFormat.prefixOf("hk_abcdefghijkl" + "A".repeat(43)));
    }

    @Test
    void prefixesAreRandom() {
        assertNotEquals(format.generate().prefix(), format.generate().prefix());
    }
}
