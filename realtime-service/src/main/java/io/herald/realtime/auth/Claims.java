package io.herald.realtime.auth;

import java.time.Instant;
import java.util.List;

/**
 * The verified claims of a connection token that realtime-service uses.
 *
 * @param userId    {@code sub}: the user UUID
 * @param tenant    {@code tenant}, or null
 * @param grants    {@code channels}: channel names or trailing-{@code *} patterns the token grants
 * @param expiresAt {@code exp}
 */
public record Claims(String userId, String tenant, List<String> grants, Instant expiresAt) {
}
