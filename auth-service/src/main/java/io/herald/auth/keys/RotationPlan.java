package io.herald.auth.keys;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides, from the stored keys and the time, what the database-mode key ring is and what to change: framework-free
 * so it can be tested with a fake clock.
 *
 * <p>Life of a key: generated (published, not yet signing unless it is the only key) → after
 * {@code activationDelay} it signs and older keys are retired → a retired key stays published for
 * {@code maxTokenTtl} (its last tokens may still be valid) → deleted.
 *
 * @param rotationPeriod  age after which a new key is generated
 * @param activationDelay how long a new key is published before it signs
 * @param maxTokenTtl     the longest lifetime of any token, i.e. how long a retired key must stay published
 */
record RotationPlan(Duration rotationPeriod, Duration activationDelay, Duration maxTokenTtl) {

    /**
     * A stored key.
     *
     * @param kid       key id
     * @param key       the private key
     * @param createdAt generation time
     * @param retiredAt retirement time, or null
     */
    record StoredKey(String kid, ECKey key, Instant createdAt, @Nullable Instant retiredAt) {
    }

    /**
     * What to do now.
     *
     * @param generate whether a new key must be generated
     * @param retire   kids to mark retired
     * @param delete   kids to delete
     * @param keys     the ring after retire/delete (before any generation)
     */
    record Decision(boolean generate, List<String> retire, List<String> delete, SigningKeyRing.Keys keys) {
    }

    Decision decide(List<StoredKey> stored, Instant now) {
        List<StoredKey> live = stored.stream().filter(k -> k.retiredAt() == null)
            .sorted(Comparator.comparing(StoredKey::createdAt).reversed()).toList();
        StoredKey signer = live.stream().filter(k -> !k.createdAt().isAfter(now.minus(activationDelay))).findFirst()
            .orElse(live.isEmpty() ? null : live.get(live.size() - 1));
        List<String> retire = new ArrayList<>();
        for (StoredKey k : live) {
            if (signer != null && k.createdAt().isBefore(signer.createdAt())) {
                retire.add(k.kid());
            }
        }
        boolean generate = live.isEmpty() || !live.get(0).createdAt().isAfter(now.minus(rotationPeriod));
        List<String> delete = new ArrayList<>();
        List<JWK> published = new ArrayList<>();
        for (StoredKey k : stored) {
            Instant retiredAt = retire.contains(k.kid()) ? now : k.retiredAt();
            if (retiredAt != null && !retiredAt.plus(maxTokenTtl).isAfter(now)) {
                delete.add(k.kid());
            } else {
                published.add(k.key());
            }
        }
        return new Decision(generate, retire, delete,
            new SigningKeyRing.Keys(signer == null ? null : signer.key(), published));
    }
}
