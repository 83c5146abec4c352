package io.herald.realtime.auth;

import io.herald.realtime.hub.SessionToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revoked API keys and users this instance has heard of, each with the time of its revocation: a token minted
 * from a revoked key ({@code akid}), or of a revoked user, and issued at or before the revocation is refused like an
 * invalid token. A revocation is remembered for {@code memory} (the longest token lifetime): after that, every token
 * it could refuse has expired anyway. Thread-safe.
 */
public final class Revocations {

    private final Duration memory;
    private final Clock clock;
    private final Map<String, Long> keys = new ConcurrentHashMap<>();
    private final Map<String, Long> users = new ConcurrentHashMap<>();

    /**
     * @param memory how long a revocation is remembered
     * @param clock  wall clock
     */
    public Revocations(Duration memory, Clock clock) {
        if (memory == null || memory.isNegative() || memory.isZero()) {
            throw new IllegalArgumentException("the revocation memory must be positive, was " + memory);
        }
        this.memory = memory;
        this.clock = clock;
    }

    /**
     * Revokes the tokens minted from an API key up to a time.
     *
     * @param apiKeyId the key's id ({@code akid})
     * @param atMillis the revocation time, epoch milliseconds
     */
    public void revokeKey(String apiKeyId, long atMillis) {
        remember(keys, apiKeyId, atMillis);
    }

    /**
     * Revokes the tokens of a user up to a time.
     *
     * @param userId   the user ({@code sub})
     * @param atMillis the revocation time, epoch milliseconds
     */
    public void revokeUser(String userId, long atMillis) {
        remember(users, userId, atMillis);
    }

    private void remember(Map<String, Long> map, String id, long atMillis) {
        long now = clock.millis();
        forgetOld(now);
        if (atMillis + memory.toMillis() > now) {
            map.merge(id, atMillis, Math::max);
        }
    }

    /**
     * @param token a token's identity
     * @return whether the token is revoked (its key or its user was revoked at or after its issue time)
     */
    public boolean revoked(SessionToken token) {
        if (keys.isEmpty() && users.isEmpty()) {
            return false;
        }
        long limit = clock.millis() - memory.toMillis();
        Long key = token.apiKeyId() == null ? null : keys.get(token.apiKeyId());
        Long user = users.get(token.userId());
        return (key != null && key > limit && token.issuedAtMillis() <= key)
            || (user != null && user > limit && token.issuedAtMillis() <= user);
    }

    /** @return how many revocations are remembered */
    public int size() {
        forgetOld(clock.millis());
        return keys.size() + users.size();
    }

    private void forgetOld(long now) {
        long limit = now - memory.toMillis();
        for (Map<String, Long> map : java.util.List.of(keys, users)) {
            Iterator<Long> times = map.values().iterator();
            while (times.hasNext()) {
                if (times.next() <= limit) {
                    times.remove();
                }
            }
        }
    }
}
