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
     */
    @Serdeable
    record CreateUser(
        @Schema(example = "ada@example.com") @NotBlank @Email @Size(max = 254) String email,
        @Schema(example = "acme") @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}",
            message = "must be 1-64 letters, digits, '_' or '-'") String tenant,
        @Schema(description = "Optional; enables e-mail/password login") @Nullable @Size(min = 8, max = 72) String password,
        @Schema(example = "free") @Nullable @Pattern(regexp = "[A-Za-z0-9_-]{1,64}",
            message = "must be 1-64 letters, digits, '_' or '-'") String plan) {

        @Override
        public String toString() {
            return "CreateUser[tenant=" + tenant + "]";
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
