package io.herald.auth.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.herald.auth.keys.SigningKeyRing;
import java.text.ParseException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads back a session cookie this service minted: signature by a key of the ring (ES256 only), {@code iss},
 * {@code exp} not passed, and the session start {@code sst}. Done here, with the ring's own public keys, rather than
 * over this service's JWKS endpoint.
 */
final class SessionTokens {

    /** What a still-valid session cookie says. */
    record Session(UUID user, Instant start) {
    }

    private SessionTokens() {
    }

    static Optional<Session> read(String token, SigningKeyRing ring, String issuer, Instant now) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            String kid = jwt.getHeader().getKeyID();
            for (JWK key : ring.current().published()) {
                if (key instanceof ECKey ec && key.getKeyID() != null && key.getKeyID().equals(kid)) {
                    if (!jwt.verify(new ECDSAVerifier(ec.toECPublicKey()))) {
                        return Optional.empty();
                    }
                    JWTClaimsSet claims = jwt.getJWTClaimsSet();
                    Long sst = claims.getLongClaim("sst");
                    if (!issuer.equals(claims.getIssuer()) || claims.getExpirationTime() == null
                        || !claims.getExpirationTime().toInstant().isAfter(now) || sst == null) {
                        return Optional.empty();
                    }
                    return Optional.of(new Session(UUID.fromString(claims.getSubject()), Instant.ofEpochSecond(sst)));
                }
            }
            return Optional.empty();
        } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
