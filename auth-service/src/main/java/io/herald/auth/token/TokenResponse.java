package io.herald.auth.token;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of a successful token request: exactly {@code {"token": "<jwt>"}}.
 *
 * @param token the JWT
 */
@Serdeable
@Schema(description = "A signed ES256 JWT")
public record TokenResponse(@Schema(description = "Compact JWT") String token) {

    @Override
    public String toString() {
        return "TokenResponse[***]";
    }
}
