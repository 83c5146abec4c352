package io.herald.realtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.realtime.hub.SessionToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RevocationsTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    final Revocations revocations = new Revocations(Duration.ofHours(1), clock);

    @Test
    void aKeyRevocationRefusesTheKeysTokensIssuedUpToIt() {
        long at = now.get();
        revocations.revokeKey("k1", at);
        assertThat(revocations.revoked(new SessionToken("u", null, "k1", at - 60_000))).isTrue();
        assertThat(revocations.revoked(new SessionToken("u", null, "k1", at))).isTrue();
        assertThat(revocations.revoked(new SessionToken("u", null, "k1", at + 1000))).isFalse();
        assertThat(revocations.revoked(new SessionToken("u", null, "k2", at - 60_000))).isFalse();
        assertThat(revocations.revoked(new SessionToken("u", null, null, at - 60_000))).isFalse();
    }

    @Test
    void aUserRevocationRefusesEveryTokenOfTheUserIssuedUpToIt() {
        long at = now.get();
        revocations.revokeUser("u1", at);
        assertThat(revocations.revoked(new SessionToken("u1", "42", "any", at - 1))).isTrue();
        assertThat(revocations.revoked(new SessionToken("u1", null, null, 0))).isTrue();
        assertThat(revocations.revoked(new SessionToken("u2", null, null, at - 1))).isFalse();
        assertThat(revocations.revoked(new SessionToken("u1", null, null, at + 1000))).isFalse();
    }

    @Test
    void revocationsAreForgottenAfterTheMemory() {
        revocations.revokeKey("k1", now.get());
        revocations.revokeUser("u1", now.get());
        now.addAndGet(Duration.ofMinutes(59).toMillis());
        assertThat(revocations.size()).isEqualTo(2);
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        assertThat(revocations.revoked(new SessionToken("u1", null, "k1", 0))).isFalse();
        assertThat(revocations.size()).isZero();
        // a replayed revocation older than the memory is not remembered at all
        revocations.revokeKey("old", now.get() - Duration.ofHours(2).toMillis());
        assertThat(revocations.size()).isZero();
    }

    @Test
    void theMemoryMustBePositive() {
        assertThatThrownBy(() -> new Revocations(Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
