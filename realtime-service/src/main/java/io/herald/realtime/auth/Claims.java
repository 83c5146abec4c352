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
 * @param uid       {@code uid}: the product's own id of the user (a {@code String} or a {@code Long}), or null
 */
public record Claims(String userId, String tenant, List<String> grants, Instant expiresAt, Object uid) {

    /** Claims of a token without {@code uid}. */
    public Claims(String userId, String tenant, List<String> grants, Instant expiresAt) {
        this(userId, tenant, grants, expiresAt, null);
    }
}
