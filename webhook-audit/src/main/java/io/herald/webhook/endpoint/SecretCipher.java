package io.herald.webhook.endpoint;

import io.herald.support.crypto.AesGcmCipher;

/**
 * Encrypts endpoint secrets at rest with AES-256-GCM under {@code HERALD_WEBHOOK_SECRET_KEY}: support's
 * {@link AesGcmCipher} in its binary layout (version byte, 12-byte random nonce, ciphertext with tag) for the
 * endpoint table's {@code bytea} column. The endpoint id is the associated data, so a ciphertext copied to another
 * endpoint's row does not decrypt.
 *
 * <p>Its own type (not a bare {@code AesGcmCipher} bean) so that it never meets the other services' ciphers, under
 * other keys, in a composed application context.
 */
public final class SecretCipher {

    private final AesGcmCipher cipher;

    /**
     * @param base64Key base64 of exactly 32 bytes
     * @throws IllegalArgumentException when the key is missing or malformed (the message names the setting)
     */
    public SecretCipher(String base64Key) {
        this.cipher = new AesGcmCipher(base64Key, "HERALD_WEBHOOK_SECRET_KEY");
    }

    /**
     * @param plaintext  the secret
     * @param associated the endpoint id
     * @return the stored bytes
     */
    public byte[] encrypt(String plaintext, String associated) {
        return cipher.encryptToBytes(plaintext, associated);
    }

    /**
     * @param stored     bytes from {@link #encrypt}
     * @param associated the endpoint id
     * @return the secret
     * @throws IllegalStateException when the bytes were not made with this key for this endpoint
     */
    public String decrypt(byte[] stored, String associated) {
        return cipher.decryptBytes(stored, associated);
    }
}
