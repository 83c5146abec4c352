package io.herald.auth.token;

import io.herald.support.problem.ProblemException;
import io.micronaut.http.HttpStatus;
import io.micronaut.security.token.generator.TokenGenerator;
import io.herald.auth.user.User;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints Herald JWTs through micronaut-security-jwt's {@link TokenGenerator} (signed ES256 by the key ring, with
 * {@code kid}). Claims per docs/internal-contracts.md: {@code iss}, {@code sub} (user UUID), {@code tenant},
 * {@code iat}, {@code exp}, {@code jti}, {@code channels}; {@code uid} (the product's own user id), {@code akid} (the
 * API key a token was minted from) and {@code sst} (cookie session start) when they apply.
 */
@Singleton
public class TokenIssuer {

    private final TokenGenerator generator;
    private final TokenProperties properties;
    private final Clock clock;

    TokenIssuer(TokenGenerator generator, TokenProperties properties, Clock clock) {
        this.generator = generator;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A minted token.
     *
     * @param token     the compact JWT
     * @param expiresAt its {@code exp}
     */
    public record IssuedToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * Mints a token with the default lifetime and no grants.
     *
     * @param user   the user's UUID
     * @param tenant the user's tenant
     */
    public IssuedToken issue(UUID user, String tenant) {
        return issue(user, tenant, List.of(), properties.ttl());
    }

    /**
     * Mints a token.
     *
     * @param user     the user's UUID ({@code sub})
     * @param tenant   the user's tenant
     * @param channels grants (already validated)
     * @param ttl      lifetime
     * @throws ProblemException 503 while no signing key is loaded (database not ready yet)
     */
    public IssuedToken issue(UUID user, String tenant, List<String> channels, Duration ttl) {
        return issue(user, tenant, null, null, channels, ttl, null);
    }

    /**
     * Mints a socket token for a user from one of the user's API keys.
     *
     * @param user     the user ({@code sub}, {@code tenant}, {@code uid})
     * @param apiKeyId the key it is minted from ({@code akid}), or null
     */
    public IssuedToken issue(User user, @Nullable UUID apiKeyId) {
        return issue(user.id(), user.tenant(), user.externalIdValue(), apiKeyId, List.of(), properties.ttl(), null);
    }

    /**
     * Mints a token.
     *
     * @param user         the user's UUID ({@code sub})
     * @param tenant       the user's tenant
     * @param externalId   the product's id of the user ({@code uid}: String or Long), or null
     * @param apiKeyId     the API key it is minted from ({@code akid}), or null
     * @param channels     grants (already validated)
     * @param ttl          lifetime
     * @param sessionStart when the cookie session began ({@code sst}), or null outside cookie sessions
     * @throws ProblemException 503 while no signing key is loaded (database not ready yet)
     */
    public IssuedToken issue(UUID user, String tenant, @Nullable Object externalId, @Nullable UUID apiKeyId,
                             List<String> channels, Duration ttl, @Nullable Instant sessionStart) {
        Instant issuedAt = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(ttl);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", properties.issuer());
        claims.put("sub", user.toString());
        claims.put("tenant", tenant);
        claims.put("iat", Date.from(issuedAt));
        claims.put("exp", Date.from(expiresAt));
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("channels", List.copyOf(channels));
        if (externalId != null) {
            claims.put("uid", externalId);
        }
        if (apiKeyId != null) {
            claims.put("akid", apiKeyId.toString());
        }
        if (sessionStart != null) {
            claims.put("sst", sessionStart.getEpochSecond());
        }
        String token = generator.generateToken(claims).orElseThrow(() -> new ProblemException(
            HttpStatus.SERVICE_UNAVAILABLE, "No signing key available yet; retry shortly"));
        return new IssuedToken(token, expiresAt);
    }

    /** @return the token settings */
    public TokenProperties properties() {
        return properties;
    }
}
