package io.herald.support.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The cached public keys of one issuer. {@link #cached} never does I/O (the fast path a Netty event loop may take);
 * {@link #fetch} downloads the JWKS, at most once per {@code minRefetch} so tokens naming made-up {@code kid}s cannot
 * turn Herald into a request amplifier against the key server.
 */
final class KeySet {

    private record Snapshot(JWKSet keys, Instant fetchedAt) {
    }

    private final URL url;
    private final DefaultResourceRetriever retriever;
    private final Duration ttl;
    private final Duration minRefetch;
    private final Clock clock;
    private volatile Snapshot snapshot;

    KeySet(String jwksUrl, Duration ttl, Duration timeout, Duration minRefetch, Clock clock) {
        try {
            this.url = URI.create(jwksUrl).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWKS URL is not a valid URL: " + jwksUrl, e);
        }
        int millis = (int) timeout.toMillis();
        this.retriever = new DefaultResourceRetriever(millis, millis, 512 * 1024);
        this.ttl = ttl;
        this.minRefetch = minRefetch;
        this.clock = clock;
    }

    /**
     * @param kid the token's key id, or null
     * @return the key, when a fresh-enough key set holds it; null when the keys must be fetched first
     */
    JWK cached(String kid) {
        Snapshot s = snapshot;
        if (s == null || clock.instant().isAfter(s.fetchedAt().plus(ttl))) {
            return null;
        }
        return select(s.keys(), kid);
    }

    /**
     * Fetches the key set when it is stale or lacks {@code kid} (blocking I/O).
     *
     * @param kid the token's key id, or null
     * @return the key, or null when the issuer does not publish it
     * @throws InvalidTokenException when the keys cannot be fetched
     */
    synchronized JWK fetch(String kid) throws InvalidTokenException {
        JWK known = cached(kid);
        if (known != null) {
            return known;
        }
        Snapshot s = snapshot;
        Instant now = clock.instant();
        boolean fresh = s != null && now.isBefore(s.fetchedAt().plus(ttl));
        if (fresh && now.isBefore(s.fetchedAt().plus(minRefetch))) {
            return select(s.keys(), kid);
        }
        try {
            JWKSet keys = JWKSet.parse(retriever.retrieveResource(url).getContent());
            snapshot = new Snapshot(keys, clock.instant());
            return select(keys, kid);
        } catch (IOException | ParseException e) {
            throw new InvalidTokenException("signing keys could not be fetched from " + url + ": " + e.getMessage());
        }
    }

    private static JWK select(JWKSet keys, String kid) {
        JWK only = null;
        int candidates = 0;
        for (JWK key : keys.getKeys()) {
            if (key.getKeyUse() == KeyUse.ENCRYPTION) {
                continue;
            }
            if (kid != null && kid.equals(key.getKeyID())) {
                return key;
            }
            candidates++;
            only = key;
        }
        // A token without kid is accepted only when the issuer publishes exactly one signing key.
        return kid == null && candidates == 1 ? only : null;
    }
}
