package io.herald.support.token;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * The verified claims of a Herald token (or of a trusted issuer's token, mapped to the same meaning).
 *
 * @param userId     the user: {@code sub}, a UUID for Herald's own tokens; the mapped user claim for a trusted issuer
 * @param tenant     {@code tenant} (or the mapped tenant claim), or null
 * @param grants     {@code channels} (or the mapped grants claim): channel names or trailing-{@code *} patterns
 * @param expiresAt  {@code exp}
 * @param issuedAt   {@code iat}
 * @param issuer     {@code iss}
 * @param externalId the product's own id of the user ({@code uid}: a String or a Long), or null; for a trusted
 *                   issuer the mapped user claim
 * @param apiKeyId   {@code akid}: the id of the API key the token was minted from, or null
 * @param tokenId    {@code jti}, or null
 */
public record Claims(String userId, @Nullable String tenant, List<String> grants, Instant expiresAt, Instant issuedAt,
                     String issuer, @Nullable Object externalId, @Nullable String apiKeyId, @Nullable String tokenId) {

    /** Immutable grants. */
    public Claims {
        grants = grants == null ? List.of() : List.copyOf(grants);
    }
}
