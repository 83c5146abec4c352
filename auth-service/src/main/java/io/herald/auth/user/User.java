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
 */
@MappedEntity(value = "users", schema = "auth")
public record User(@Id UUID id, String email, String tenant, @Nullable String passwordHash, String plan,
                   Instant createdAt) {

    @Override
    public String toString() {
        return "User[id=" + id + ", tenant=" + tenant + "]";
    }
}
