package io.herald.support.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM under a key from configuration (base64 of 32 random bytes, e.g.
 * {@code openssl rand -base64 32}).
 *
 * <p>Layout: version byte (1) + 12-byte random nonce + ciphertext with tag, as text {@code v1:<base64>}. The
 * associated data (e.g. the row's id) binds a ciphertext to its row: copied to another row it does not decrypt.
 */
public final class AesGcmCipher {

    /** Prefix of the text form, so stored values say which format they are in. */
    public static final String TEXT_PREFIX = "v1:";
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String setting;

    /**
     * @param base64Key base64 of exactly 32 bytes
     * @param setting   the setting's name, for error messages (e.g. {@code HERALD_AUTH_KEY_ENCRYPTION_KEY})
     * @throws IllegalArgumentException when the key is missing or malformed (the message names the setting, never
     *                                  the value)
     */
    public AesGcmCipher(String base64Key, String setting) {
        this.setting = setting;
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException(setting + " is required (base64 of 32 random bytes, e.g. openssl rand -base64 32)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not valid base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(setting + " must be base64 of 32 bytes, has " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /**
     * @param plaintext  the secret
     * @param associated data the ciphertext is bound to (e.g. the row's id)
     * @return {@code v1:<base64>}
     */
    public String encrypt(String plaintext, String associated) {
        return TEXT_PREFIX + Base64.getEncoder().encodeToString(encryptToBytes(plaintext, associated));
    }

    /**
     * @param plaintext  the secret
     * @param associated data the ciphertext is bound to (e.g. the row's id)
     * @return version byte + nonce + ciphertext with tag (for a binary column)
     */
    public byte[] encryptToBytes(String plaintext, String associated) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE + ct.length).put(VERSION).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * @param text       a value from {@link #encrypt}
     * @param associated the data it was bound to
     * @return the secret
     * @throws IllegalStateException when the value was not made with this key for this associated data
     */
    public String decrypt(String text, String associated) {
        byte[] stored;
        try {
            stored = text != null && text.startsWith(TEXT_PREFIX)
                ? Base64.getDecoder().decode(text.substring(TEXT_PREFIX.length())) : null;
        } catch (IllegalArgumentException e) {
            stored = null;
        }
        return decryptBytes(stored, associated);
    }

    /**
     * @param stored     bytes from {@link #encryptToBytes}
     * @param associated the data it was bound to
     * @return the secret
     * @throws IllegalStateException when the bytes were not made with this key for this associated data
     */
    public String decryptBytes(byte[] stored, String associated) {
        if (stored == null || stored.length < 1 + NONCE + 16 || stored[0] != VERSION) {
            throw new IllegalStateException("stored secret has an unknown format");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 1, NONCE));
            c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(stored, 1 + NONCE, stored.length - 1 - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored secret does not decrypt with " + setting);
        }
    }
}
