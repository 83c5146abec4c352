package io.herald.support.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tokens whose signature and claims were checked recently, so the same token presented again (a reconnect, a
 * second tab, a reconnect storm after a restart of a load balancer) costs a hash instead of a signature check. Only
 * successes are kept; the expiry is checked again on every use, and revocation is the caller's business as before.
 *
 * <p>Keyed by the SHA-256 of the whole token (header, claims and signature), never by a part of it, so a token that
 * differs in any byte is checked afresh; the digest (not the token) is kept, about 100 bytes per entry. Bounded, least
 * recently used first out.
 */
final class VerifiedTokens<V> {

    private final int capacity;
    private final Map<Digest, V> entries;

    VerifiedTokens(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest, V> eldest) {
                return size() > VerifiedTokens.this.capacity;
            }
        };
    }

    /** @return the token's digest, the key for {@link #get} and {@link #put} */
    static Digest digest(String token) {
        try {
            return new Digest(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** @return what was kept for a token checked before, or null */
    V get(Digest digest) {
        if (capacity == 0) {
            return null;
        }
        synchronized (entries) {
            return entries.get(digest);
        }
    }

    void put(Digest digest, V value) {
        if (capacity == 0) {
            return;
        }
        synchronized (entries) {
            entries.put(digest, value);
        }
    }

    /** A token's SHA-256. */
    static final class Digest {
        private final byte[] bytes;
        private final int hash;

        Digest(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
