package io.herald.support.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * {@link TokenVerifier} against issuers' JWKS, with Nimbus JOSE+JWT (the library micronaut-security-jwt uses).
 *
 * <p>What every token must pass, in this order:
 * <ol>
 *   <li>a signed JWS (never {@code alg: none}) whose algorithm is ES256 or RS256 (HS* is refused: a public key must
 *       never be usable as an HMAC secret);</li>
 *   <li>{@code iss} present and equal to a configured issuer (Herald's own or a trusted one);</li>
 *   <li>a signature that verifies with that issuer's key named by {@code kid} (an EC P-256 key for ES256, an RSA key
 *       for RS256);</li>
 *   <li>{@code exp} present and not past (beyond the clock skew); {@code iat} present and not in the future beyond
 *       the skew; {@code nbf}, when present, reached;</li>
 *   <li>the user claim present; for Herald's issuer {@code sub} is a UUID, for a trusted issuer the mapped id is a
 *       short token of letters, digits, {@code _} and {@code -} (it becomes part of personal channel names).</li>
 * </ol>
 * Signing keys are cached per issuer for {@code cacheTtl} and fetched again at once when a token names an unknown
 * {@code kid} (at most once per second), so a key rotation is picked up without waiting for the cache.
 * {@link #verifyAsync} does that fetch on the given executor, never on the caller's thread.
 */
public final class JwksTokenVerifier implements TokenVerifier {

    private static final Pattern UUID_FORMAT =
        Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Duration MIN_REFETCH = Duration.ofSeconds(1);

    private record Trusted(Issuer issuer, KeySet keys) {
    }

    private record Parsed(SignedJWT jwt, JWTClaimsSet claims, Trusted trusted, String kid) {
    }

    /** A token checked before: valid again while its signing key is still in the issuer's key set and it has not expired. */
    private record Remembered(Claims claims, Trusted trusted, String kid) {
    }

    /** How many checked tokens are remembered (about 100 bytes each). */
    static final int REMEMBERED_TOKENS = 20_000;

    private final Map<String, Trusted> issuers = new LinkedHashMap<>();
    private final Duration clockSkew;
    private final Executor executor;
    private final Clock clock;
    private final Es256 es256 = new Es256();
    private final VerifiedTokens<Remembered> verified = new VerifiedTokens<>(REMEMBERED_TOKENS);

    /**
     * @param issuers   the issuers whose tokens are accepted (Herald's own first, then trusted ones)
     * @param cacheTtl  how long a fetched key set is used
     * @param timeout   connect and read timeout of a JWKS fetch
     * @param clockSkew tolerance on {@code exp}, {@code iat} and {@code nbf}
     * @param executor  where {@link #verifyAsync} fetches keys (a blocking-I/O pool)
     * @param clock     the time source
     */
    public JwksTokenVerifier(Collection<Issuer> issuers, Duration cacheTtl, Duration timeout, Duration clockSkew,
                             Executor executor, Clock clock) {
        if (issuers.isEmpty()) {
            throw new IllegalArgumentException("at least one token issuer must be configured");
        }
        for (Issuer issuer : issuers) {
            if (this.issuers.put(issuer.issuer(), new Trusted(issuer,
                new KeySet(issuer.jwksUrl(), cacheTtl, timeout, MIN_REFETCH, clock))) != null) {
                throw new IllegalArgumentException("token issuer '" + issuer.issuer() + "' is configured twice");
            }
        }
        this.clockSkew = clockSkew;
        this.executor = executor;
        this.clock = clock;
    }

    @Override
    public Claims verify(String token) throws InvalidTokenException {
        VerifiedTokens.Digest digest = digest(token);
        Claims remembered = remembered(digest);
        if (remembered != null) {
            return remembered;
        }
        Parsed parsed = parse(token);
        JWK key = parsed.trusted().keys().cached(parsed.kid());
        if (key == null) {
            key = parsed.trusted().keys().fetch(parsed.kid());
        }
        return remember(digest, parsed, check(parsed, key));
    }

    private static VerifiedTokens.Digest digest(String token) {
        return token == null ? null : VerifiedTokens.digest(token);
    }

    /** @return the claims of a token checked before whose key is still published, or null (check it afresh) */
    private Claims remembered(VerifiedTokens.Digest digest) throws InvalidTokenException {
        Remembered remembered = digest == null ? null : verified.get(digest);
        if (remembered == null || remembered.trusted().keys().cached(remembered.kid()) == null) {
            return null;
        }
        if (!remembered.claims().expiresAt().plus(clockSkew).isAfter(clock.instant())) {
            throw new InvalidTokenException("token expired", true);
        }
        return remembered.claims();
    }

    private Claims remember(VerifiedTokens.Digest digest, Parsed parsed, Claims claims) {
        verified.put(digest, new Remembered(claims, parsed.trusted(), parsed.kid()));
        return claims;
    }

    @Override
    public CompletableFuture<Claims> verifyAsync(String token) {
        Parsed parsed;
        VerifiedTokens.Digest digest = digest(token);
        try {
            Claims remembered = remembered(digest);
            if (remembered != null) {
                return CompletableFuture.completedFuture(remembered);
            }
            parsed = parse(token);
            JWK key = parsed.trusted().keys().cached(parsed.kid());
            if (key != null) {
                return CompletableFuture.completedFuture(remember(digest, parsed, check(parsed, key)));
            }
        } catch (InvalidTokenException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return remember(digest, parsed, check(parsed, parsed.trusted().keys().fetch(parsed.kid())));
            } catch (InvalidTokenException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    private Parsed parse(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("no token");
        }
        JWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = JWTParser.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new InvalidTokenException("token is not signed (alg " + jwt.getHeader().getAlgorithm() + ")");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.RS256.equals(alg)) {
            throw new InvalidTokenException("token algorithm " + alg + " is not accepted (ES256 or RS256 only)");
        }
        String iss = claims.getIssuer();
        if (iss == null) {
            throw new InvalidTokenException("token has no iss");
        }
        Trusted trusted = issuers.get(iss);
        if (trusted == null) {
            throw new InvalidTokenException("token issuer is not trusted");
        }
        return new Parsed(signed, claims, trusted, signed.getHeader().getKeyID());
    }

    private Claims check(Parsed parsed, JWK key) throws InvalidTokenException {
        if (key == null) {
            throw new InvalidTokenException("token signing key is unknown");
        }
        verifySignature(parsed.jwt(), key);
        JWTClaimsSet set = parsed.claims();
        Instant now = clock.instant();
        Date exp = set.getExpirationTime();
        Date iat = set.getIssueTime();
        if (exp == null) {
            throw new InvalidTokenException("token has no exp");
        }
        if (iat == null) {
            throw new InvalidTokenException("token has no iat");
        }
        if (iat.toInstant().isAfter(now.plus(clockSkew))) {
            throw new InvalidTokenException("token iat is in the future");
        }
        if (set.getNotBeforeTime() != null && set.getNotBeforeTime().toInstant().isAfter(now.plus(clockSkew))) {
            throw new InvalidTokenException("token is not valid yet (nbf)");
        }
        if (!exp.toInstant().plus(clockSkew).isAfter(now)) {
            // claims are checked after the signature: this token is genuine, only too old
            throw new InvalidTokenException("token expired", true);
        }
        Issuer issuer = parsed.trusted().issuer();
        try {
            return issuer.herald() ? heraldClaims(set, issuer) : mappedClaims(set, issuer);
        } catch (ParseException | ClassCastException e) {
            throw new InvalidTokenException("token claims have the wrong type");
        }
    }

    private static Claims heraldClaims(JWTClaimsSet set, Issuer issuer) throws InvalidTokenException, ParseException {
        String sub = set.getSubject();
        if (sub == null || !UUID_FORMAT.matcher(sub).matches()) {
            throw new InvalidTokenException("token sub is not a user UUID");
        }
        return new Claims(sub, set.getStringClaim("tenant"), grants(set, "channels"), set.getExpirationTime().toInstant(),
            set.getIssueTime().toInstant(), issuer.issuer(), externalId(set.getClaim("uid")),
            set.getStringClaim("akid"), set.getJWTID());
    }

    private static Claims mappedClaims(JWTClaimsSet set, Issuer issuer) throws InvalidTokenException, ParseException {
        Object id = externalId(set.getClaim(issuer.userClaim()));
        if (id == null || !EXTERNAL_ID.matcher(id.toString()).matches()) {
            throw new InvalidTokenException("token claim " + issuer.userClaim() + " is not a usable user id");
        }
        Object tenant = set.getClaim(issuer.tenantClaim());
        String tenantText = tenant == null ? null : tenant instanceof String s ? s : externalId(tenant).toString();
        return new Claims(id.toString(), tenantText, grants(set, issuer.grantsClaim()),
            set.getExpirationTime().toInstant(), set.getIssueTime().toInstant(), issuer.issuer(), id, null,
            set.getJWTID());
    }

    private static List<String> grants(JWTClaimsSet set, String claim) throws ParseException {
        List<String> grants = set.getStringListClaim(claim);
        return grants == null ? List.of() : new ArrayList<>(grants);
    }

    /** A user id claim: a string, or an integer (kept as a Long so it is echoed with its type). */
    private static Object externalId(Object value) throws ParseException {
        if (value == null || value instanceof String) {
            return value;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
            && Math.abs(n.doubleValue()) < 9.007199254740992E15) {
            return n.longValue();
        }
        throw new ParseException("user id is neither a string nor an integer", 0);
    }

    private void verifySignature(SignedJWT jwt, JWK key) throws InvalidTokenException {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        JWSVerifier verifier;
        try {
            if (JWSAlgorithm.ES256.equals(alg) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                if (!es256.verify(jwt, ec)) {
                    throw new InvalidTokenException("token signature is invalid");
                }
                return;
            } else if (JWSAlgorithm.RS256.equals(alg) && key instanceof RSAKey rsa) {
                verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
            } else {
                throw new InvalidTokenException("token algorithm does not match its key");
            }
            if (!jwt.verify(verifier)) {
                throw new InvalidTokenException("token signature is invalid");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("token signature could not be verified");
        }
    }
}
