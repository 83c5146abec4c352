package io.herald.webhook.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signer: {@code v1,<base64(HMAC-SHA256(secret, id + "." + timestamp + "." + body))>}.
 *
 * <p>Hand-written because the spec's Java library is a verifier-side helper we only use in tests, and the
 * scheme is a single HMAC; the known-answer vector from the spec is checked in {@code WebhookSignerTest}.
 */
public final class WebhookSigner {

    /** Prefix of every endpoint secret shown to users. */
    public static final String SECRET_PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /**
     * Generates a new endpoint secret: {@code whsec_} + base64 of {@code bytes} random bytes.
     *
     * @param bytes number of random bytes, 24 to 32
     * @return the secret, shown to the user once
     */
    public static String newSecret(int bytes) {
        if (bytes < 24 || bytes > 32) {
            throw new IllegalArgumentException("secret length must be 24..32 bytes, was " + bytes);
        }
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(b);
    }

    /**
     * Signs one request.
     *
     * @param secrets   the secrets that sign (newest first); more than one while rotating
     * @param msgId     the {@code webhook-id}
     * @param timestamp the {@code webhook-timestamp} (Unix seconds)
     * @param body      the exact body bytes
     * @return the {@code webhook-signature} header value (space-separated when several secrets sign)
     */
    public static String sign(List<String> secrets, String msgId, long timestamp, byte[] body) {
        List<String> parts = new ArrayList<>(secrets.size());
        for (String secret : secrets) {
            parts.add("v1," + signOne(secret, msgId, timestamp, body));
        }
        return String.join(" ", parts);
    }

    private static String signOne(String secret, String msgId, long timestamp, byte[] body) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("secret must start with " + SECRET_PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((msgId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
