package io.herald.auth.apikey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored user API key: only its visible prefix, salt and salted hash, never the key itself.
 *
 * @param id         key id (shown to the admin, used to revoke)
 * @param userId     owner
 * @param prefix     visible prefix, unique lookup index
 * @param salt       per-key salt
 * @param hash       {@code SHA-256(salt || key)}
 * @param createdAt  creation time
 * @param lastUsedAt last successful use (updated at most once a minute), or null
 * @param revokedAt  revocation time, or null while the key is valid
 */
@MappedEntity(value = "api_key", schema = "auth")
public record ApiKey(@Id UUID id, UUID userId, String prefix, byte[] salt, byte[] hash, Instant createdAt,
                     @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {

    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", userId=" + userId + ", prefix=" + prefix + ", revoked=" + (revokedAt != null) + "]";
    }
}
