package io.herald.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link InMemoryEventBus} passes the {@link EventBusContract}; plus its clock-driven bounds with a fake clock. */
class InMemoryEventBusTest extends EventBusContract {

    @Override
    protected EventBus createBus(StreamOptions options) {
        return new InMemoryEventBus(options, Clock.systemUTC());
    }

    @Override
    protected void destroyBus(EventBus bus) {
        bus.close();
    }

    @Override
    protected void awaitConsumerBound(DurableSubscription spec) {
        // consume() registers the consumer's position before it returns
    }

    @Test
    void ageAndDuplicateWindowFollowTheStreamClock() {
        AtomicLong now = new AtomicLong(1_000_000);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        try (InMemoryEventBus memory = new InMemoryEventBus(
                new StreamOptions("S", "p", Duration.ofMinutes(10), -1, Duration.ofMinutes(2)), clock)) {
            long first = memory.publish(ch("a"), event(1), "id-1").join().offset();
            now.addAndGet(Duration.ofMinutes(1).toMillis());
            assertThat(memory.publish(ch("a"), event(1), "id-1").join().duplicate()).isTrue();
            now.addAndGet(Duration.ofMinutes(2).toMillis());
            assertThat(memory.publish(ch("a"), event(1), "id-1").join().offset()).isGreaterThan(first);
            assertThat(memory.offsetAt(now.get())).isEqualTo(first + 1);
            now.addAndGet(Duration.ofMinutes(8).toMillis());
            History history = memory.history(ch("a"), 0, 10);
            assertThat(history.events()).extracting(BusEvent::offset).containsExactly(first + 1);
            assertThat(history.complete()).isFalse();
            assertThat(memory.history(ch("a"), first, 10).complete()).isTrue();
        }
    }

    @Test
    void deadLettersAreKeptForInspection() {
        try (InMemoryEventBus memory = new InMemoryEventBus(StreamOptions.of("S", "p", Duration.ofMinutes(1)),
                Clock.systemUTC())) {
            memory.deadLetter(ch("a"), event(1), "[\"bad\"]");
            assertThat(memory.deadLetterCount()).isEqualTo(1);
            assertThat(memory.deadLetters()).containsExactly(
                new InMemoryEventBus.DeadLetter(ch("a"), "{\"n\":1}", "[\"bad\"]"));
        }
    }
}
