package io.herald.auth.token;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/tokens}.
 *
 * @param user     the user's UUID
 * @param channels grants: channel names or trailing-{@code *} patterns; may be omitted
 * @param ttl      ISO-8601 lifetime ({@code PT15M}); omitted means the default token lifetime
 */
@Serdeable
public record MintRequest(
    @Schema(description = "User UUID", example = "8f0e2d7c-3b55-4c4f-9a55-1b1d9f8f7f11") @NotNull UUID user,
    @Schema(description = "Channel grants: channel names or trailing-* patterns", example = "[\"job:123\"]")
    @Nullable List<String> channels,
    @Schema(description = "ISO-8601 duration, at most herald.auth.token.max-ttl", example = "PT15M")
    @Nullable String ttl) {
}
