package io.herald.realtime.auth;

import io.micronaut.core.annotation.Nullable;
import io.herald.realtime.hub.SessionToken;
import java.time.Instant;
import java.util.List;

/**
 * The verified claims of a connection token that realtime-service uses.
 *
 * @param userId     {@code sub}: the user UUID (or a trusted issuer's mapped user id)
 * @param tenant     {@code tenant}, or null
 * @param grants     {@code channels}: channel names or trailing-{@code *} patterns the token grants
 * @param expiresAt  {@code exp}
 * @param externalId {@code uid}: the product's own id of the user (a String or a Long), or null
 * @param apiKeyId   {@code akid}: the API key the token was minted from, or null
 * @param issuedAt   {@code iat}, or null when unknown
 */
public record Claims(String userId, String tenant, List<String> grants, Instant expiresAt,
                     @Nullable Object externalId, @Nullable String apiKeyId, @Nullable Instant issuedAt) {

    /**
     * Claims without an issue time.
     *
     * @param userId     the user
     * @param tenant     the tenant, or null
     * @param grants     the grants
     * @param expiresAt  the expiry
     * @param externalId the external id, or null
     * @param apiKeyId   the API key id, or null
     */
    public Claims(String userId, String tenant, List<String> grants, Instant expiresAt, @Nullable Object externalId,
                  @Nullable String apiKeyId) {
        this(userId, tenant, grants, expiresAt, externalId, apiKeyId, null);
    }

    /**
     * Claims without an external id or API key id.
     *
     * @param userId    the user
     * @param tenant    the tenant, or null
     * @param grants    the grants
     * @param expiresAt the expiry
     */
    public Claims(String userId, String tenant, List<String> grants, Instant expiresAt) {
        this(userId, tenant, grants, expiresAt, null, null, null);
    }

    /** @return {@code uid}: the product's own id of the user (a String or a Long), or null */
    public Object uid() {
        return externalId;
    }

    /** @return what ending sessions needs of this token */
    public SessionToken sessionToken() {
        return new SessionToken(userId, externalId == null ? null : externalId.toString(), apiKeyId,
            issuedAt == null ? 0 : issuedAt.toEpochMilli());
    }

    static Claims of(io.herald.support.token.Claims verified) {
        return new Claims(verified.userId(), verified.tenant(), verified.grants(), verified.expiresAt(),
            verified.externalId(), verified.apiKeyId(), verified.issuedAt());
    }
}
