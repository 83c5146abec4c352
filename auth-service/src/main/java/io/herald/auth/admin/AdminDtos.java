package io.herald.auth.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** Request and response bodies of the admin API. */
final class AdminDtos {

    private AdminDtos() {
    }

    /**
     * {@code POST /api/admin/users}.
     *
     * @param email    login e-mail (unique, case-insensitive)
     * @param tenant   tenant id; used inside channel names, so letters, digits, {@code _} and {@code -} only
     * @param password optional password for {@code /api/auth/login}, 8-72 characters
     * @param plan     optional plan name, defaults to {@code free}
     * @param externalId optional: the product's own id of the user, a string or an integer; tokens carry it as
     *                 {@code uid} with its type
     */
    @Serdeable
    record CreateUser(
        @Schema(example = "ada@example.com") @NotBlank @Email @Size(max = 254) String email,
        @Schema(example = "acme") @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}",
            message = "must be 1-64 letters, digits, '_' or '-'") String tenant,
        @Schema(description = "Optional; enables e-mail/password login") @Nullable @Size(min = 8, max = 72) String password,
        @Schema(example = "free") @Nullable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}",
            message = "must be 1-64 letters, digits, '_' or '-'") String plan,
        @Schema(description = "Optional: the product's own user id (string or integer); tokens carry it as uid",
            example = "42") @Nullable Object externalId) {

        @Override
        public String toString() {
            return "CreateUser[tenant=" + tenant + "]";
        }
    }

    /**
     * Body of {@code PUT /api/admin/users/{uuid}/external-id}.
     *
     * @param externalId a string or an integer; null clears it
     */
    @Serdeable
    record SetExternalId(@Schema(example = "42") @Nullable Object externalId) {
    }

    /**
     * A user as the admin API lists it (never a password hash or key).
     *
     * @param uuid       the user's UUID
     * @param email      login e-mail
     * @param tenant     tenant
     * @param plan       plan
     * @param externalId the product's own id (string or integer), or null
     * @param createdAt  creation time
     */
    @Serdeable
    record UserView(UUID uuid, String email, String tenant, String plan, @Nullable Object externalId,
                    java.time.Instant createdAt) {

        static UserView of(io.herald.auth.user.User user) {
            return new UserView(user.id(), user.email(), user.tenant(), user.plan(), user.externalIdValue(),
                user.createdAt());
        }
    }

    /**
     * Response of {@code POST /api/admin/users}.
     *
     * @param uuid   the new user's UUID
     * @param apiKey the user's first API key, shown only now
     */
    @Serdeable
    record CreatedUser(UUID uuid, @Schema(description = "Shown once; only a hash is stored") String apiKey) {
        @Override
        public String toString() {
            return "CreatedUser[uuid=" + uuid + "]";
        }
    }

    /**
     * Response of {@code POST /api/admin/users/{uuid}/api-keys}.
     *
     * @param id     key id (for revocation)
     * @param apiKey the key, shown only now
     */
    @Serdeable
    record CreatedKey(UUID id, @Schema(description = "Shown once; only a hash is stored") String apiKey) {
        @Override
        public String toString() {
            return "CreatedKey[id=" + id + "]";
        }
    }
}
