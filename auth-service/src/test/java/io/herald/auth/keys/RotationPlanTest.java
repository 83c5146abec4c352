package io.herald.auth.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationPlanTest {

    private final RotationPlan plan = new RotationPlan(Duration.ofDays(30), Duration.ofMinutes(2), Duration.ofHours(24));
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ECKey key(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    private static List<String> kids(RotationPlan.Decision decision) {
        return decision.keys().published().stream().map(JWK::getKeyID).toList();
    }

    @Test
    void noKeysMeansGenerate() {
        RotationPlan.Decision decision = plan.decide(List.of(), t0);
        assertTrue(decision.generate());
        assertNull(decision.keys().signer());
    }

    @Test
    void aFreshOnlyKeySignsAtOnce() throws Exception {
        ECKey a = key("a");
        RotationPlan.Decision decision = plan.decide(List.of(new RotationPlan.StoredKey("a", a, t0, null)),
            t0.plusSeconds(1));
        assertFalse(decision.generate());
        assertEquals("a", decision.keys().signer().getKeyID());
        assertFalse(decision.keys().published().get(0).isPrivate(), "published keys are public only");
    }

    @Test
    void rotationPublishesFirstThenSignsThenRetiresThenDeletes() throws Exception {
        ECKey a = key("a");
        ECKey b = key("b");
        Instant due = t0.plus(Duration.ofDays(30));
        assertTrue(plan.decide(List.of(new RotationPlan.StoredKey("a", a, t0, null)), due).generate());

        List<RotationPlan.StoredKey> both = List.of(new RotationPlan.StoredKey("a", a, t0, null),
            new RotationPlan.StoredKey("b", b, due, null));
        RotationPlan.Decision published = plan.decide(both, due.plusSeconds(30));
        assertEquals("a", published.keys().signer().getKeyID(), "b is published but does not sign yet");
        assertEquals(List.of("a", "b"), kids(published));
        assertEquals(List.of(), published.retire());

        Instant active = due.plus(Duration.ofMinutes(2));
        RotationPlan.Decision switched = plan.decide(both, active);
        assertEquals("b", switched.keys().signer().getKeyID());
        assertEquals(List.of("a"), switched.retire());
        assertEquals(List.of("a", "b"), kids(switched), "a stays published for the longest token lifetime");

        List<RotationPlan.StoredKey> retired = List.of(new RotationPlan.StoredKey("a", a, t0, active),
            new RotationPlan.StoredKey("b", b, due, null));
        assertEquals(List.of("a", "b"), kids(plan.decide(retired, active.plus(Duration.ofHours(23)))));
        RotationPlan.Decision expired = plan.decide(retired, active.plus(Duration.ofHours(24)));
        assertEquals(List.of("a"), expired.delete());
        assertEquals(List.of("b"), kids(expired));
    }
}
