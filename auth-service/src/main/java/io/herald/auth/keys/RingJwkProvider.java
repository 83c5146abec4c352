package io.herald.auth.keys;

import com.nimbusds.jose.jwk.JWK;
import io.micronaut.security.token.jwt.endpoints.JwkProvider;
import jakarta.inject.Singleton;
import java.util.List;

/** Publishes the ring's public keys at {@code GET /keys} (micronaut-security-jwt's {@code KeysController}). */
@Singleton
class RingJwkProvider implements JwkProvider {

    private final SigningKeyRing ring;

    RingJwkProvider(SigningKeyRing ring) {
        this.ring = ring;
    }

    @Override
    public List<JWK> retrieveJsonWebKeys() {
        return ring.current().published();
    }
}
