package io.herald.webhook.endpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts endpoint secrets at rest with AES-256-GCM under {@code HERALD_WEBHOOK_SECRET_KEY}.
 *
 * <p>Layout: version byte (1) + 12-byte random nonce + ciphertext with tag. The endpoint id is the associated
 * data, so a ciphertext copied to another endpoint's row does not decrypt.
 */
public final class SecretCipher {

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /**
     * @param base64Key base64 of exactly 32 bytes
     * @throws IllegalArgumentException when the key is missing or malformed (the message names the setting)
     */
    public SecretCipher(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException("HERALD_WEBHOOK_SECRET_KEY is required (base64 of 32 random bytes)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HERALD_WEBHOOK_SECRET_KEY is not valid base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("HERALD_WEBHOOK_SECRET_KEY must be base64 of 32 bytes, has " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /**
     * @param plaintext  the secret
     * @param associated the endpoint id
     * @return the stored bytes
     */
    public byte[] encrypt(String plaintext, String associated) {
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
     * @param stored     bytes from {@link #encrypt}
     * @param associated the endpoint id
     * @return the secret
     * @throws IllegalStateException when the bytes were not made with this key for this endpoint
     */
    public String decrypt(byte[] stored, String associated) {
        if (stored == null || stored.length < 1 + NONCE + 16 || stored[0] != VERSION) {
            throw new IllegalStateException("stored webhook secret has an unknown format");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 1, NONCE));
            c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] pt = c.doFinal(stored, 1 + NONCE, stored.length - 1 - NONCE);
            return new String(pt, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored webhook secret does not decrypt with HERALD_WEBHOOK_SECRET_KEY");
        }
    }
}
