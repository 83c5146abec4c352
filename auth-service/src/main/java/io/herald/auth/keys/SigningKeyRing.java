package io.herald.auth.keys;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * The keys in use right now: the one that signs and the public keys verifiers may need. Swapped atomically when
 * keys are reloaded or rotated.
 */
public final class SigningKeyRing {

    /**
     * One consistent view of the keys.
     *
     * @param signer    private key that signs new tokens, or null while none is loaded
     * @param published public keys served at {@code /keys} (the signer's included)
     */
    public record Keys(@Nullable ECKey signer, List<JWK> published) {
        public Keys {
            published = published.stream().map(JWK::toPublicJWK).toList();
        }
    }

    private volatile Keys keys = new Keys(null, List.of());

    /** @return the current keys */
    public Keys current() {
        return keys;
    }

    /** @param keys the new keys */
    public void replace(Keys keys) {
        this.keys = keys;
    }
}
