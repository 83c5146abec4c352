package io.herald.auth.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Date;

/** Verifies tokens the way realtime-service and webhook-audit do: against the published JWKS, with Nimbus. */
public final class Jwts {

    private Jwts() {
    }

    /**
     * @return the claims when the token is ES256, signed by a key of the set (found by {@code kid}) and not expired
     * @throws IllegalArgumentException otherwise
     */
    public static JWTClaimsSet verify(String token, String jwksJson) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!"ES256".equals(jwt.getHeader().getAlgorithm().getName())) {
                throw new IllegalArgumentException("not ES256");
            }
            JWK key = JWKSet.parse(jwksJson).getKeyByKeyId(jwt.getHeader().getKeyID());
            if (key == null) {
                throw new IllegalArgumentException("unknown kid " + jwt.getHeader().getKeyID());
            }
            if (!jwt.verify(new ECDSAVerifier((ECKey) key))) {
                throw new IllegalArgumentException("bad signature");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!claims.getExpirationTime().after(new Date())) {
                throw new IllegalArgumentException("expired");
            }
            return claims;
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
