package io.herald.auth.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The shape of a user API key and how it is stored.
 *
 * <p>A key is {@code hk_} + a 12-character visible prefix ({@code [a-z0-9]}) + a 43-character secret (32 random
 * bytes, base64url): 58 characters. The prefix is stored in clear and indexed, so a presented key is looked up by
 * its prefix and then compared in constant time with the stored hash. Only {@code SHA-256(salt || key)} with a
 * per-key 16-byte salt is stored.
 *
 * <p>Why SHA-256 and not bcrypt/argon2 as for passwords: the secret has 256 bits of entropy, so a slow KDF adds no
 * protection against offline guessing (the search space is already out of reach), while it would make every
 * socket-token request cost ~100 ms of CPU and turn the endpoint into a denial-of-service lever. The salt keeps two
 * stored hashes of one key different and defeats precomputed tables should keys ever be weaker.
 */
public final class ApiKeyFormat {

    /** Literal start of every user API key. */
    public static final String MARKER = "hk_";
    /** Length of the visible, indexed prefix after {@link #MARKER}. */
    public static final int PREFIX_LENGTH = 12;
    /** Length of the secret part (32 bytes, base64url without padding). */
    public static final int SECRET_LENGTH = 43;
    /** Total length of a key. */
    public static final int KEY_LENGTH = MARKER.length() + PREFIX_LENGTH + SECRET_LENGTH;
    private static final int SALT_BYTES = 16;
    private static final String PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;

    /** @param random source of randomness for keys and salts */
    public ApiKeyFormat(SecureRandom random) {
        this.random = random;
    }

    /**
     * A freshly generated key with its storage form.
     *
     * @param key    the full key, to be shown once to its owner and never stored
     * @param prefix the visible prefix (lookup index)
     * @param salt   the per-key salt
     * @param hash   {@code SHA-256(salt || key)}
     */
    public record NewKey(String key, String prefix, byte[] salt, byte[] hash) {
        @Override
        public String toString() {
            return "NewKey[prefix=" + prefix + "]";
        }
    }

    /** @return a new random key and its salted hash */
    public NewKey generate() {
        StringBuilder prefix = new StringBuilder(PREFIX_LENGTH);
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            prefix.append(PREFIX_ALPHABET.charAt(random.nextInt(PREFIX_ALPHABET.length())));
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = MARKER + prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new NewKey(key, prefix.toString(), salt, hash(salt, key));
    }

    /**
     * Extracts the lookup prefix of a presented key.
     *
     * @param presented what the caller sent (may be anything)
     * @return the prefix, or empty when the value cannot be a user API key
     */
    public static Optional<String> prefixOf(String presented) {
        if (presented == null || presented.length() != KEY_LENGTH || !presented.startsWith(MARKER)) {
            return Optional.empty();
        }
        String prefix = presented.substring(MARKER.length(), MARKER.length() + PREFIX_LENGTH);
        for (int i = 0; i < prefix.length(); i++) {
            if (PREFIX_ALPHABET.indexOf(prefix.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(prefix);
    }

    /**
     * Checks a presented key against a stored salt and hash in constant time.
     *
     * @param presented the key sent by the caller
     * @param salt      stored salt
     * @param hash      stored hash
     * @return whether the key matches
     */
    public static boolean matches(String presented, byte[] salt, byte[] hash) {
        return MessageDigest.isEqual(hash(salt, presented), hash);
    }

    static byte[] hash(byte[] salt, String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
