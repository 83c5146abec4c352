package io.herald.realtime.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@link TokenVerifier} against the auth-service's JWKS, with Nimbus JOSE+JWT (the library micronaut-security-jwt uses).
 *
 * <p>Accepts ES256 and RS256 only ({@code none} and HS* are refused because no key selector matches them), requires
 * {@code iss}, {@code sub}, {@code exp} and {@code iat}, and checks {@code exp} with a small clock skew. The key set is
 * cached for {@code cacheTtl} and refetched at once (rate-limited) when a token names an unknown {@code kid}, so a key
 * rotation at auth-service is picked up without waiting for the cache to expire.
 */
public final class JwksTokenVerifier implements TokenVerifier {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param jwksUrl   where the JWKS is served
     * @param issuer    the required {@code iss}
     * @param cacheTtl  how long a fetched key set is used
     * @param timeout   connect/read timeout of a fetch
     * @param clockSkew tolerance when checking {@code exp}/{@code iat}
     */
    public JwksTokenVerifier(String jwksUrl, String issuer, Duration cacheTtl, Duration timeout, Duration clockSkew) {
        URL url;
        try {
            url = URI.create(jwksUrl).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("HERALD_AUTH_JWKS_URL is not a valid URL: " + jwksUrl, e);
        }
        int timeoutMillis = (int) timeout.toMillis();
        JWKSource<SecurityContext> keys = JWKSourceBuilder
            .create(url, new DefaultResourceRetriever(timeoutMillis, timeoutMillis, 512 * 1024))
            .cache(cacheTtl.toMillis(), timeout.toMillis())
            .rateLimited(1_000)
            .refreshAheadCache(false)
            .build();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256), keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat"));
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    @Override
    public Claims verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("no token");
        }
        JWTClaimsSet set;
        try {
            set = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        } catch (com.nimbusds.jwt.proc.ExpiredJWTException e) {
            // claims are checked after the signature: this token is genuine, only too old
            throw new InvalidTokenException("token expired", true);
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("token refused: " + e.getMessage());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new InvalidTokenException("token could not be verified: " + e.getMessage());
        }
        try {
            List<String> grants = set.getStringListClaim("channels");
            Object uid = set.getClaim("uid");
            if (uid != null && !(uid instanceof String) && !(uid instanceof Long || uid instanceof Integer)) {
                throw new InvalidTokenException("token claim 'uid' must be a string or an integer");
            }
            return new Claims(set.getSubject(), set.getStringClaim("tenant"), grants == null ? List.of() : List.copyOf(grants),
                set.getExpirationTime().toInstant(), uid instanceof Integer i ? Long.valueOf(i) : uid);
        } catch (ParseException e) {
            throw new InvalidTokenException("token claims 'tenant' or 'channels' have the wrong type");
        }
    }
}
