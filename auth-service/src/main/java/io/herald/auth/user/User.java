package io.herald.auth.user;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A Herald user.
 *
 * @param id           the user's UUID (the JWT {@code sub} and the owner part of personal channels)
 * @param email        login e-mail, stored lower-case, unique
 * @param tenant       tenant id (JWT {@code tenant}; owner of tenant channels)
 * @param passwordHash bcrypt hash, or null for users who only use API keys
 * @param plan         subscription plan name
 * @param createdAt    creation time
 * @param externalId   the product's own id of the user (JWT {@code uid}), or null
 * @param externalIdNumeric whether {@code externalId} is an integer (tokens then carry it as a JSON number)
 */
@MappedEntity(value = "users", schema = "auth")
public record User(@Id UUID id, String email, String tenant, @Nullable String passwordHash, String plan,
                   Instant createdAt, @Nullable String externalId, boolean externalIdNumeric) {

    /** @return the external id with its type: a Long, a String, or null */
    @Nullable
    public Object externalIdValue() {
        return externalId == null ? null : externalIdNumeric ? (Object) Long.valueOf(externalId) : externalId;
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", tenant=" + tenant + "]";
    }
}
