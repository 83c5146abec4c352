package io.herald.support.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every forged-token attack against the one verifier all services use, over a real JWKS served on HTTP. The forged
 * tokens are signed with the real key unless the attack is about the signature itself.
 */
class JwksTokenVerifierIT {

    static final Duration SKEW = Duration.ofSeconds(60);

    final TestIssuer herald;
    final TestIssuer product;
    final ExecutorService fetchPool = Executors.newSingleThreadExecutor(r -> new Thread(r, "jwks-fetch"));
    final JwksTokenVerifier verifier;

    JwksTokenVerifierIT() throws Exception {
        herald = new TestIssuer("herald");
        product = new TestIssuer("https://calcbridge.example");
        verifier = new JwksTokenVerifier(List.of(Issuer.herald("herald", herald.jwksUrl()),
            new Issuer(product.iss, product.jwksUrl(), "user_id", "org", "rooms", false)),
            Duration.ofMinutes(5), Duration.ofSeconds(2), SKEW, fetchPool, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        herald.close();
        product.close();
        fetchPool.shutdownNow();
    }

    void refused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class)
            .hasMessageContaining(reason);
        assertThatThrownBy(() -> verifier.verifyAsync(token).join()).isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(InvalidTokenException.class);
    }

    @Test
    void acceptsAGenuineTokenAndReadsEveryClaim() throws Exception {
        JWTClaimsSet set = herald.claims().claim("uid", 42).claim("akid", "key-7").build();
        Claims claims = verifier.verify(herald.sign(set));
        assertThat(claims.userId()).isEqualTo(set.getSubject());
        assertThat(claims.tenant()).isEqualTo("acme");
        assertThat(claims.grants()).containsExactly("job:1");
        assertThat(claims.externalId()).isEqualTo(42L);
        assertThat(claims.apiKeyId()).isEqualTo("key-7");
        assertThat(claims.issuer()).isEqualTo("herald");
        assertThat(claims.expiresAt()).isEqualTo(set.getExpirationTime().toInstant().truncatedTo(ChronoUnit.SECONDS));
        assertThat(verifier.verify(herald.sign(herald.claims().claim("uid", "cust-9").build())).externalId())
            .isEqualTo("cust-9");
    }

    @Test
    void refusesATokenWithoutExp() throws Exception {
        refused(herald.sign(herald.claims().expirationTime(null).build()), "no exp");
    }

    @Test
    void refusesATokenWithoutIss() throws Exception {
        refused(herald.sign(herald.claims().issuer(null).build()), "no iss");
    }

    @Test
    void refusesATokenWithAnotherIss() throws Exception {
        refused(herald.sign(herald.claims().issuer("evil").build()), "not trusted");
    }

    @Test
    void refusesATokenWithoutIat() throws Exception {
        refused(herald.sign(herald.claims().issueTime(null).build()), "no iat");
    }

    @Test
    void refusesIatAnHourAheadButAllowsTheSkew() throws Exception {
        Instant now = Instant.now();
        refused(herald.sign(herald.claims().issueTime(Date.from(now.plus(Duration.ofHours(1))))
            .expirationTime(Date.from(now.plus(Duration.ofHours(2)))).build()), "iat is in the future");
        assertThat(verifier.verify(herald.sign(herald.claims().issueTime(Date.from(now.plusSeconds(30))).build())))
            .isNotNull();
    }

    @Test
    void refusesANonUuidSub() throws Exception {
        refused(herald.sign(herald.claims().subject("u1").build()), "not a user UUID");
        refused(herald.sign(herald.claims().subject("../../x").build()), "not a user UUID");
        refused(herald.sign(herald.claims().subject(null).build()), "not a user UUID");
    }

    @Test
    void refusesAlgNone() throws Exception {
        refused(new PlainJWT(herald.claims().build()).serialize(), "not signed");
        // a hand-made header claiming none with a signature part
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + herald.signing.getKeyID() + "\"}").toString();
        String payload = Base64URL.encode(herald.claims().build().toString()).toString();
        refused(header + "." + payload + ".", "");
    }

    @Test
    void refusesHs256SignedWithThePublicKey() throws Exception {
        byte[] publicKeyAsSecret = herald.signing.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(herald.signing.getKeyID())
            .type(JOSEObjectType.JWT).build(), herald.claims().build());
        jwt.sign(new MACSigner(publicKeyAsSecret));
        refused(jwt.serialize(), "HS256 is not accepted");
    }

    @Test
    void refusesAnUnknownKidAndFetchesAtMostOncePerSecond() throws Exception {
        verifier.verify(herald.sign(herald.claims().build()));
        int before = herald.fetches.get();
        var stranger = TestIssuer.newKey();
        for (int i = 0; i < 20; i++) {
            refused(TestIssuer.sign(stranger, herald.claims().build()), "signing key is unknown");
        }
        assertThat(herald.fetches.get() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void refusesAnExpiredTokenAsExpiredOnlyWhenGenuine() throws Exception {
        Instant old = Instant.now().minus(Duration.ofHours(1));
        String expired = herald.sign(herald.claims().issueTime(Date.from(old))
            .expirationTime(Date.from(old.plus(Duration.ofMinutes(5)))).build());
        refused(expired, "expired");
        assertThatThrownBy(() -> verifier.verify(expired))
            .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.expired()).isTrue());
        // within the skew it is still accepted
        assertThat(verifier.verify(herald.sign(herald.claims()
            .expirationTime(Date.from(Instant.now().minusSeconds(20))).build()))).isNotNull();
    }

    @Test
    void refusesAWrongSignature() throws Exception {
        String token = herald.sign(herald.claims().build());
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + Base64URL.encode(herald.claims().subject(
            java.util.UUID.randomUUID().toString()).build().toString()) + "." + parts[2];
        refused(forged, "signature is invalid");
        // signed by another key that claims the real kid
        var other = TestIssuer.newKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(herald.signing.getKeyID()).build(),
            herald.claims().build());
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(other));
        refused(jwt.serialize(), "signature is invalid");
        assertThatThrownBy(() -> verifier.verify(herald.sign(herald.claims().build()) + "x"))
            .isInstanceOf(InvalidTokenException.class);
        // r and s must lie in [1, n-1]: zeros, and r = s = the group order n, are refused rather than "verified"
        String unsigned = parts[0] + "." + parts[1] + ".";
        refused(unsigned + Base64URL.encode(new byte[64]), "signature is invalid");
        byte[] order = new java.math.BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16).toByteArray();
        byte[] rs = new byte[64];
        System.arraycopy(order, order.length - 32, rs, 0, 32);
        System.arraycopy(order, order.length - 32, rs, 32, 32);
        refused(unsigned + Base64URL.encode(rs), "signature is invalid");
        // a DER-encoded signature (the JCA format, 70-72 bytes) is not a JWS signature
        refused(unsigned + Base64URL.encode(new byte[71]), "signature is invalid");
    }

    @Test
    void refusesMalformedAndMissingTokens() {
        refused("not-a-jwt", "malformed");
        refused("", "no token");
        refused(null, "no token");
    }

    @Test
    void acceptsRs256WithAnRsaKeyButNotAgainstAnEcKey() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        herald.publishAlso(rsa.toPublicJWK());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), herald.claims().build());
        jwt.sign(new RSASSASigner(rsa));
        assertThat(verifier.verify(jwt.serialize()).issuer()).isEqualTo("herald");
        SignedJWT mismatched = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(herald.signing.getKeyID())
            .build(), herald.claims().build());
        mismatched.sign(new RSASSASigner(rsa));
        refused(mismatched.serialize(), "does not match its key");
    }

    @Test
    void aTokenCheckedBeforeIsRememberedUntilItExpiresOrItsKeyIsWithdrawn() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        JwksTokenVerifier remembering = new JwksTokenVerifier(List.of(Issuer.herald("herald", herald.jwksUrl())),
            Duration.ofSeconds(30), Duration.ofSeconds(2), SKEW, fetchPool, clock);
        String token = herald.sign(herald.claims().expirationTime(Date.from(now.get().plusSeconds(120))).build());
        Claims first = remembering.verify(token);
        assertThat(remembering.verify(token)).isEqualTo(first);
        assertThat(remembering.verifyAsync(token)).isCompletedWithValue(first);
        // a remembered token still expires
        now.set(now.get().plusSeconds(181));
        assertThatThrownBy(() -> remembering.verify(token)).isInstanceOf(InvalidTokenException.class)
            .hasMessageContaining("expired");
        // and is refused once its key is no longer published (checked when the key set is next fetched)
        String second = herald.sign(herald.claims().expirationTime(Date.from(now.get().plusSeconds(600))).build());
        assertThat(remembering.verify(second)).isNotNull();
        herald.withdrawAll();
        now.set(now.get().plusSeconds(31)); // past the key set's 30 s lifetime
        assertThatThrownBy(() -> remembering.verify(second)).isInstanceOf(InvalidTokenException.class)
            .hasMessageContaining("key is unknown");
    }

    @Test
    void picksUpARotatedKeyWithoutWaitingForTheCache() throws Exception {
        verifier.verify(herald.sign(herald.claims().build()));
        herald.rotate();
        String rotated = herald.sign(herald.claims().build());
        // at most one fetch per second: the new key is found as soon as that second has passed, not after the 5 min TTL
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
            .untilAsserted(() -> assertThat(verifier.verify(rotated)).isNotNull());
    }

    @Test
    void verifyAsyncCompletesOnTheCallerWhenTheKeyIsCachedAndFetchesElsewhereOtherwise() throws Exception {
        String first = herald.sign(herald.claims().build());
        var pending = verifier.verifyAsync(first);
        Thread caller = Thread.currentThread();
        String[] ranOn = new String[1];
        pending.thenRun(() -> ranOn[0] = Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
        assertThat(pending.get().userId()).isNotBlank();
        var cached = verifier.verifyAsync(herald.sign(herald.claims().build()));
        assertThat(cached).isDone();
        assertThat(cached.get().tenant()).isEqualTo("acme");
        assertThat(caller.getName()).isNotEqualTo("jwks-fetch");
    }

    @Test
    void acceptsATrustedIssuersTokenWithItsClaimMapping() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet set = new JWTClaimsSet.Builder().issuer(product.iss).subject("ignored").claim("user_id", 1234)
            .claim("org", "tenant-9").claim("rooms", List.of("job:abc")).issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300))).build();
        Claims claims = verifier.verify(product.sign(set));
        assertThat(claims.userId()).isEqualTo("1234");
        assertThat(claims.externalId()).isEqualTo(1234L);
        assertThat(claims.tenant()).isEqualTo("tenant-9");
        assertThat(claims.grants()).containsExactly("job:abc");
        // the product's key never signs for Herald's issuer, nor the other way round
        refused(product.sign(herald.claims().build()), "signing key is unknown");
        refused(herald.sign(new JWTClaimsSet.Builder(set).build()), "signing key is unknown");
        // a user id that would break out of a personal channel name is refused
        refused(product.sign(new JWTClaimsSet.Builder(set).claim("user_id", "a:b").build()), "not a usable user id");
        refused(product.sign(new JWTClaimsSet.Builder(set).claim("user_id", null).build()), "not a usable user id");
    }
}
