package io.herald.realtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.herald.realtime.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JWKS path against a real HTTP JWKS (the JDK's HTTP server) with keys generated here. */
class JwksTokenVerifierIT {

    final TestKeys keys;
    final JwksTokenVerifier verifier;

    JwksTokenVerifierIT() throws Exception {
        keys = new TestKeys();
        verifier = new JwksTokenVerifier(keys.jwksUrl(), "herald", Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        keys.close();
    }

    static JWTClaimsSet claims(Duration ttl) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("herald").subject("u1").claim("tenant", "acme")
            .claim("channels", List.of("job:1")).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl))).build();
    }

    @Test
    void acceptsEs256AndReadsClaims() throws Exception {
        Claims claims = verifier.verify(keys.token("u1", "acme", List.of("job:*"), Duration.ofMinutes(5)));
        assertThat(claims.userId()).isEqualTo("u1");
        assertThat(claims.tenant()).isEqualTo("acme");
        assertThat(claims.grants()).containsExactly("job:*");
        assertThat(claims.expiresAt()).isAfter(Instant.now());
    }

    @Test
    void cachesTheKeySetAndRefetchesOnAnUnknownKid() throws Exception {
        verifier.verify(keys.token("u1", "acme", List.of(), Duration.ofMinutes(5)));
        verifier.verify(keys.token("u1", "acme", List.of(), Duration.ofMinutes(5)));
        assertThat(keys.fetchesCount()).isEqualTo(1);
        keys.rotate();
        String rotated = keys.token("u2", "acme", List.of(), Duration.ofMinutes(5));
        // the refetch on an unknown kid is rate-limited (once a second), so allow a retry
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
            .until(() -> verifier.verify(rotated).userId().equals("u2"));
        assertThat(keys.fetchesCount()).isBetween(2, 3);
    }

    @Test
    void acceptsRs256FromTheJwks() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        keys.publishAlso(rsa.toPublicJWK());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims(Duration.ofMinutes(1)));
        jwt.sign(new RSASSASigner(rsa));
        assertThat(verifier.verify(jwt.serialize()).userId()).isEqualTo("u1");
    }

    @Test
    void refusesNoneHs256ExpiredWrongIssuerAndGarbage() throws Exception {
        assertRefused(new PlainJWT(claims(Duration.ofMinutes(1))).serialize());
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(Duration.ofMinutes(1)));
        hs.sign(new MACSigner(new byte[32]));
        assertRefused(hs.serialize());
        assertRefused(keys.token("u1", "acme", List.of(), Duration.ofMinutes(-5)));
        assertRefused(TestKeys.sign(TestKeys.newKeyForTests(), "u1", "acme", List.of(), Duration.ofMinutes(5)));
        assertRefused("not.a.jwt");
        assertRefused("");
        assertRefused(null);
    }

    void assertRefused(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aBadJwksUrlFailsFastWithItsName() {
        assertThatThrownBy(() -> new JwksTokenVerifier("::nope", "herald", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HERALD_AUTH_JWKS_URL");
    }
}
