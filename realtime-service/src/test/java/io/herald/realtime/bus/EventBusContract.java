package io.herald.realtime.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventBus} must have (STYLE §4): extend it with a factory for the implementation under test
 * ({@code NatsEventBusIT}; an in-memory bus later).
 */
public abstract class EventBusContract {

    protected EventBus bus;
    private final List<BusEvent> received = new CopyOnWriteArrayList<>();
    private AutoCloseable subscription;

    /** @return a started bus with a fresh, empty log */
    protected abstract EventBus createBus() throws Exception;

    /** Releases what {@link #createBus} created (e.g. deletes the stream). */
    protected abstract void destroyBus(EventBus bus) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        bus = createBus();
        await().atMost(Duration.ofSeconds(20)).until(bus::ready);
        subscription = bus.subscribeAll(received::add);
    }

    @AfterEach
    void tearDown() throws Exception {
        subscription.close();
        destroyBus(bus);
    }

    static byte[] event(int n) {
        return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }

    static String ch(String name) {
        return "order_changes@" + name;
    }

    long publish(String channel, int n) {
        return bus.publish(channel, event(n), null).join().offset();
    }

    @Test
    void offsetsIncreaseAndSubscribeAllDeliversInOrder() {
        String a = ch("a");
        String b = ch("b");
        long previous = 0;
        for (int i = 0; i < 50; i++) {
            long offset = publish(i % 2 == 0 ? a : b, i);
            assertThat(offset).isGreaterThan(previous);
            previous = offset;
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 50);
        for (int i = 0; i < 50; i++) {
            BusEvent event = received.get(i);
            assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":" + i + "}");
            assertThat(event.channel()).isEqualTo(i % 2 == 0 ? a : b);
            assertThat(event.timestampMillis()).isPositive();
        }
    }

    @Test
    void historyReturnsTheChannelsEventsAfterAnOffset() {
        String a = ch("a");
        long first = publish(a, 0);
        publish(ch("other"), 99);
        long second = publish(a, 1);
        long third = publish(a, 2);
        History all = bus.history(a, 0, 100);
        assertThat(all.events()).extracting(BusEvent::offset).containsExactly(first, second, third);
        assertThat(all.complete()).isTrue();
        assertThat(all.latestOffset()).isEqualTo(third);
        assertThat(all.epoch()).isEqualTo(bus.epoch()).isNotEmpty();
        History after = bus.history(a, first, 100);
        assertThat(after.events()).extracting(BusEvent::offset).containsExactly(second, third);
        assertThat(bus.history(a, third, 100).events()).isEmpty();
        assertThat(bus.history(ch("nothing"), 0, 100)).satisfies(h -> {
            assertThat(h.events()).isEmpty();
            assertThat(h.latestOffset()).isZero();
        });
    }

    @Test
    void historyCutByMaxCountIsIncomplete() {
        String a = ch("a");
        for (int i = 0; i < 5; i++) {
            publish(a, i);
        }
        History cut = bus.history(a, 0, 3);
        assertThat(cut.events()).hasSize(3);
        assertThat(cut.complete()).isFalse();
    }

    @Test
    void anOffsetBeyondTheLogIsFromAnotherEpochSoHistoryIsIncomplete() {
        String a = ch("a");
        long last = publish(a, 0);
        History history = bus.history(a, last + 1_000, 10);
        assertThat(history.events()).isEmpty();
        assertThat(history.complete()).isFalse();
        assertThat(history.latestOffset()).isEqualTo(last);
    }

    @Test
    void sameMessageIdIsStoredOnce() {
        String a = ch("a");
        String id = UUID.randomUUID().toString();
        PublishResult first = bus.publish(a, event(1), id).join();
        PublishResult again = bus.publish(a, event(1), id).join();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.offset()).isEqualTo(first.offset());
        assertThat(bus.history(a, 0, 10).events()).hasSize(1);
    }

    @Test
    void epochIsStable() {
        String epoch = bus.epoch();
        publish(ch("a"), 1);
        assertThat(bus.epoch()).isEqualTo(epoch).isNotEmpty();
    }
}
