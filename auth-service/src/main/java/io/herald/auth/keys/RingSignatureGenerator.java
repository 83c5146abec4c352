package io.herald.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The signature configuration micronaut-security-jwt's {@code JwtTokenGenerator} signs with: ES256 with the ring's
 * current signer and its {@code kid} in the header. Unlike the built-in {@code ECSignatureGenerator}, which holds one
 * fixed key, it follows the ring, so rotation needs no restart.
 */
@Singleton
@Named("generator")
public class RingSignatureGenerator implements SignatureGeneratorConfiguration {

    private final SigningKeyRing ring;

    RingSignatureGenerator(SigningKeyRing ring) {
        this.ring = ring;
    }

    @Override
    public SignedJWT sign(JWTClaimsSet claims) throws JOSEException {
        ECKey signer = ring.current().signer();
        if (signer == null) {
            throw new JOSEException("No signing key loaded yet");
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID()).build(),
            claims);
        jwt.sign(new ECDSASigner(signer));
        return jwt;
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return "Only the ES256 JWS algorithm is supported";
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return JWSAlgorithm.ES256.equals(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        if (!supports(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        String kid = jwt.getHeader().getKeyID();
        for (JWK key : ring.current().published()) {
            if (key.getKeyID().equals(kid) && key instanceof ECKey ec) {
                return jwt.verify(new ECDSAVerifier(ec));
            }
        }
        return false;
    }
}
