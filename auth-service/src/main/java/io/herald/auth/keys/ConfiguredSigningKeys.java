package io.herald.auth.keys;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.herald.auth.security.MissingSettingException;
import java.text.ParseException;
import java.util.List;

/** Parses {@code HERALD_AUTH_SIGNING_KEYS} into a {@link SigningKeyRing.Keys}. */
final class ConfiguredSigningKeys {

    private ConfiguredSigningKeys() {
    }

    static SigningKeyRing.Keys parse(String json) {
        List<JWK> keys;
        try {
            String trimmed = json.trim();
            keys = trimmed.contains("\"keys\"") ? JWKSet.parse(trimmed).getKeys() : List.of(JWK.parse(trimmed));
        } catch (ParseException e) {
            // The parser's message could quote key material: name the problem only.
            throw new MissingSettingException("HERALD_AUTH_SIGNING_KEYS is not a valid JWK or JWK set");
        }
        ECKey signer = null;
        for (JWK key : keys) {
            if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                throw new MissingSettingException("HERALD_AUTH_SIGNING_KEYS: every key must be EC P-256 (ES256)");
            }
            if (key.getKeyID() == null || key.getKeyID().isBlank()) {
                throw new MissingSettingException("HERALD_AUTH_SIGNING_KEYS: every key needs a \"kid\"");
            }
            if (signer == null && key.isPrivate()) {
                signer = ec;
            }
        }
        if (signer == null) {
            throw new MissingSettingException("HERALD_AUTH_SIGNING_KEYS has no private key to sign with");
        }
        return new SigningKeyRing.Keys(signer, keys);
    }
}
