package io.herald.auth.apikey;

import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Issues, authenticates and revokes user API keys. */
@Singleton
public class ApiKeyService {

    /** How often {@code last_used_at} is refreshed at most, to keep the token endpoint read-mostly. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final ApiKeyFormat format;
    private final Clock clock;

    ApiKeyService(ApiKeyRepository keys, Clock clock) {
        this.keys = keys;
        this.format = new ApiKeyFormat(new SecureRandom());
        this.clock = clock;
    }

    /**
     * A key just issued.
     *
     * @param id  key id
     * @param key the key, to be shown once
     */
    public record IssuedKey(UUID id, String key) {
        @Override
        public String toString() {
            return "IssuedKey[id=" + id + "]";
        }
    }

    /**
     * Issues a new key for a user (the caller has checked the user exists).
     *
     * @param userId owner
     * @return the key id and the key itself, which is not stored
     */
    public IssuedKey issue(UUID userId) {
        for (int attempt = 0; ; attempt++) {
            ApiKeyFormat.NewKey generated = format.generate();
            ApiKey row = new ApiKey(UUID.randomUUID(), userId, generated.prefix(), generated.salt(), generated.hash(),
                Instant.now(clock), null, null);
            try {
                keys.save(row);
                return new IssuedKey(row.id(), generated.key());
            } catch (DataAccessException e) {
                // A prefix collision (36^12 space) is astronomically unlikely; retry a few times, then give up.
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Authenticates a presented key.
     *
     * @param presented the value of the caller's header
     * @return the owner's id when the key exists, matches and is not revoked
     */
    public Optional<UUID> authenticate(String presented) {
        return authenticateKey(presented).map(ApiKey::userId);
    }

    /**
     * Authenticates a presented key.
     *
     * @param presented the value of the caller's header
     * @return the stored key (its id goes into tokens as {@code akid}) when it exists, matches and is not revoked
     */
    public Optional<ApiKey> authenticateKey(String presented) {
        Optional<ApiKey> stored = ApiKeyFormat.prefixOf(presented).flatMap(keys::findByPrefix);
        if (stored.isEmpty() || stored.get().revokedAt() != null
            || !ApiKeyFormat.matches(presented, stored.get().salt(), stored.get().hash())) {
            return Optional.empty();
        }
        ApiKey key = stored.get();
        Instant now = Instant.now(clock);
        if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(TOUCH_INTERVAL))) {
            keys.touch(key.id(), now, now.minus(TOUCH_INTERVAL));
        }
        return Optional.of(key);
    }

    /**
     * Revokes a key of a user.
     *
     * @return whether the user has a key with this id
     */
    public boolean revoke(UUID userId, UUID keyId) {
        if (keys.findByIdAndUserId(keyId, userId).isEmpty()) {
            return false;
        }
        keys.revoke(keyId, Instant.now(clock));
        return true;
    }
}
