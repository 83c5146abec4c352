package io.herald.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventBus} must have: extend it with a factory for the implementation under test
 * ({@code InMemoryEventBusTest}, {@code NatsEventBusIT}). Each bus it asks for gets a fresh stream name and subject
 * prefix; {@link #destroyBus} removes what was created.
 */
public abstract class EventBusContract {

    protected EventBus bus;
    private final List<EventBus> created = new ArrayList<>();
    private final List<BusEvent> received = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> subscriptions = new ArrayList<>();

    /**
     * @param options the stream's shape (fresh names for every call)
     * @return a started bus on a fresh, empty log
     */
    protected abstract EventBus createBus(StreamOptions options) throws Exception;

    /** Releases what {@link #createBus} created (closes the bus, deletes the stream). */
    protected abstract void destroyBus(EventBus bus) throws Exception;

    /**
     * @param maxAge                max age of the stream
     * @param maxMessagesPerChannel per-channel bound, or -1
     * @return options with a fresh stream name and subject prefix
     */
    protected static StreamOptions freshOptions(Duration maxAge, long maxMessagesPerChannel) {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new StreamOptions("HERALD_BUS_" + run, "herald_bus_" + run, maxAge, maxMessagesPerChannel,
            Duration.ofMinutes(2));
    }

    protected EventBus newBus(StreamOptions options) throws Exception {
        EventBus created = createBus(options);
        this.created.add(created);
        await().atMost(Duration.ofSeconds(30)).until(created::ready);
        return created;
    }

    @BeforeEach
    void setUp() throws Exception {
        bus = newBus(freshOptions(Duration.ofMinutes(10), -1));
        subscriptions.add(bus.subscribeAll(received::add));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable subscription : subscriptions) {
            subscription.close();
        }
        for (EventBus each : created) {
            destroyBus(each);
        }
    }

    protected static byte[] event(int n) {
        return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }

    protected static String ch(String name) {
        return "order_changes@" + name;
    }

    protected static long publish(EventBus bus, String channel, int n) {
        return bus.publish(channel, event(n), null).join().offset();
    }

    long publish(String channel, int n) {
        return publish(bus, channel, n);
    }

    @Test
    void offsetsStrictlyIncreaseAndSubscribeAllDeliversInOrder() {
        String a = ch("a");
        String b = ch("b");
        Map<String, Long> previous = new ConcurrentHashMap<>();
        long last = 0;
        for (int i = 0; i < 50; i++) {
            String channel = i % 3 == 0 ? a : b;
            long offset = publish(channel, i);
            assertThat(offset).isGreaterThan(last).isGreaterThan(previous.getOrDefault(channel, 0L));
            previous.put(channel, offset);
            last = offset;
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 50);
        for (int i = 0; i < 50; i++) {
            BusEvent event = received.get(i);
            assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":" + i + "}");
            assertThat(event.channel()).isEqualTo(i % 3 == 0 ? a : b);
            assertThat(event.timestampMillis()).isPositive();
            if (i > 0) {
                assertThat(event.offset()).isGreaterThan(received.get(i - 1).offset());
            }
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
    void historyIsBoundedByMaxMessagesPerChannel() throws Exception {
        EventBus bounded = newBus(freshOptions(Duration.ofMinutes(10), 3));
        String a = ch("a");
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            offsets.add(publish(bounded, a, i));
        }
        long other = publish(bounded, ch("b"), 9);
        assertThat(bounded.history(a, 0, 100).events()).extracting(BusEvent::offset)
            .containsExactlyElementsOf(offsets.subList(2, 5));
        assertThat(bounded.history(ch("b"), 0, 100).events()).extracting(BusEvent::offset).containsExactly(other);
    }

    @Test
    void historyIsBoundedByMaxAge() throws Exception {
        EventBus shortLived = newBus(freshOptions(Duration.ofSeconds(1), -1));
        String a = ch("a");
        publish(shortLived, a, 1);
        assertThat(shortLived.history(a, 0, 100).events()).hasSize(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> shortLived.history(a, 0, 100).events().isEmpty());
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
        PublishResult other = bus.publish(a, event(1), id + "-other").join();
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.offset()).isEqualTo(first.offset());
        assertThat(other.offset()).isGreaterThan(first.offset());
        assertThat(bus.history(a, 0, 10).events()).hasSize(2);
    }

    @Test
    void epochIsStableAndDiffersBetweenLogs() throws Exception {
        String epoch = bus.epoch();
        publish(ch("a"), 1);
        assertThat(bus.epoch()).isEqualTo(epoch).isNotEmpty();
        assertThat(bus.history(ch("a"), 0, 1).epoch()).isEqualTo(epoch);
        assertThat(newBus(freshOptions(Duration.ofMinutes(10), -1)).epoch()).isNotEqualTo(epoch);
    }

    @Test
    void offsetAtFindsTheFirstEventAtOrAfterATime() {
        long first = publish(ch("a"), 1);
        long second = publish(ch("b"), 2);
        long time = bus.history(ch("b"), 0, 1).events().get(0).timestampMillis();
        long found = bus.offsetAt(time);
        assertThat(found).isBetween(first, second);
        assertThat(bus.offsetAt(time + 60_000)).isGreaterThan(second);
        assertThat(bus.offsetAt(0)).isLessThanOrEqualTo(first);
    }

    @Test
    void readReturnsEveryChannelInStreamOrderAfterAnOffset() {
        long first = publish(ch("a"), 1);
        long second = publish(ch("b"), 2);
        long third = publish(ch("a"), 3);
        assertThat(bus.read(first - 1, 10)).extracting(BusEvent::offset).containsExactly(first, second, third);
        assertThat(bus.read(first, 1)).extracting(BusEvent::channel).containsExactly(ch("b"));
        assertThat(bus.read(third, 10)).isEmpty();
    }

    @Test
    void aBadChannelIsRefused() {
        assertThat(bus.publish("bad channel", new byte[] {'{', '}'}, null)).isCompletedExceptionally();
    }

    @Test
    void aRehearsalIsAnsweredButStoresAndDeliversNothing() {
        long before = publish(ch("a"), 1);
        for (int i = 0; i < 20; i++) {
            assertThat(bus.rehearse(ch("a"), event(100 + i)).join().channel()).isEqualTo(ch("a"));
        }
        long after = publish(ch("a"), 2);
        // only the two real events reached the subscriber, with nothing stored between them
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
        assertThat(received).extracting(BusEvent::offset).containsExactly(before, after);
        assertThat(bus.read(0, 100)).extracting(BusEvent::offset).containsExactly(before, after);
        assertThat(bus.history(ch("a"), 0, 100).events()).hasSize(2);
        assertThat(bus.rehearse("bad channel", event(0))).isCompletedExceptionally();
    }

    @Test
    void aDurableConsumerGetsEveryEventOnceAcknowledged() throws Exception {
        List<DurableEvent> got = new CopyOnWriteArrayList<>();
        DurableSubscription spec = DurableSubscription.of("webhooks", Duration.ofSeconds(30));
        AutoCloseable consumer = bus.consume(spec, e -> {
            got.add(e);
            e.ack();
        });
        subscriptions.add(consumer);
        awaitConsumerBound(spec);
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            offsets.add(publish(ch("a" + (i % 2)), i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 20);
        assertThat(got).extracting(DurableEvent::offset).containsExactlyElementsOf(offsets);
        assertThat(got).allSatisfy(e -> assertThat(e.deliveryCount()).isEqualTo(1));
        assertThat(new String(got.get(3).data(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":3}");
        assertThat(got.get(3).channel()).isEqualTo(ch("a1"));
    }

    @Test
    void unacknowledgedEventsAreDeliveredAgainAndThePositionSurvivesTheHandle() throws Exception {
        List<DurableEvent> got = new CopyOnWriteArrayList<>();
        DurableSubscription spec = DurableSubscription.of("audit", Duration.ofSeconds(1));
        AutoCloseable consumer = bus.consume(spec, e -> {
            got.add(e);
            // the first delivery of n=1 is never acknowledged, n=2 is refused once: both must come again
            String body = new String(e.data(), StandardCharsets.UTF_8);
            if (e.deliveryCount() == 1 && body.equals("{\"n\":1}")) {
                return;
            }
            if (e.deliveryCount() == 1 && body.equals("{\"n\":2}")) {
                e.nak(Duration.ofMillis(200));
                return;
            }
            e.ack();
        });
        awaitConsumerBound(spec);
        long one = publish(ch("a"), 1);
        long two = publish(ch("a"), 2);
        long three = publish(ch("a"), 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> got.stream().filter(e -> e.deliveryCount() == 2).count() == 2);
        assertThat(got.stream().filter(e -> e.deliveryCount() == 2)).extracting(DurableEvent::offset)
            .containsExactlyInAnyOrder(one, two);
        assertThat(got.stream().filter(e -> e.offset() == three)).hasSize(1);
        consumer.close();

        // events published while no handle consumes are delivered to the next handle of the same name
        long four = publish(ch("a"), 4);
        List<DurableEvent> later = new CopyOnWriteArrayList<>();
        subscriptions.add(bus.consume(spec, e -> {
            later.add(e);
            e.ack();
        }));
        await().atMost(Duration.ofSeconds(20)).until(() -> later.stream().anyMatch(e -> e.offset() == four));
        assertThat(later).extracting(DurableEvent::offset).doesNotContain(one, two, three);
    }

    @Test
    void anEventNeverAcknowledgedWithinMaxDeliverIsDeadLettered() throws Exception {
        DurableSubscription spec = new DurableSubscription("giving-up", Duration.ofMillis(300), 2, 10, 100);
        List<DurableEvent> got = new CopyOnWriteArrayList<>();
        subscriptions.add(bus.consume(spec, e -> {
            got.add(e);
            e.nak(Duration.ofMillis(100));
        }));
        awaitConsumerBound(spec);
        long before = bus.deadLetterCount();
        long offset = publish(ch("a"), 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> bus.deadLetterCount() == before + 1);
        assertThat(got).extracting(DurableEvent::offset).containsOnly(offset);
        assertThat(got).extracting(DurableEvent::deliveryCount).containsExactly(1L, 2L);
    }

    // ---- control broadcast ----

    private static byte[] command(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<ControlMessage> messages) {
        return messages.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void everyControlSubscriberReceivesEveryCommandInOrder() throws Exception {
        List<ControlMessage> first = new CopyOnWriteArrayList<>();
        List<ControlMessage> second = new CopyOnWriteArrayList<>();
        List<ControlMessage> otherTopic = new CopyOnWriteArrayList<>();
        subscriptions.add(bus.subscribeControl("sessions", Duration.ZERO, first::add));
        subscriptions.add(bus.subscribeControl("sessions", Duration.ZERO, second::add));
        subscriptions.add(bus.subscribeControl("other", Duration.ZERO, otherTopic::add));
        long before = System.currentTimeMillis();
        long sent = System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            bus.broadcast("sessions", command("c" + i)).join();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
            .until(() -> first.size() == 5 && second.size() == 5);
        System.out.printf("control broadcast: 5 commands reached two subscribers of %s in %d ms%n",
            bus.getClass().getSimpleName(), (System.nanoTime() - sent) / 1_000_000);
        assertThat(texts(first)).containsExactly("c1", "c2", "c3", "c4", "c5");
        assertThat(texts(second)).containsExactly("c1", "c2", "c3", "c4", "c5");
        assertThat(first).allSatisfy(m -> {
            assertThat(m.topic()).isEqualTo("sessions");
            assertThat(m.timestamp()).isGreaterThanOrEqualTo(before - 2_000);
        });
        assertThat(otherTopic).isEmpty();
    }

    @Test
    void aLateControlSubscriberReceivesTheCommandsWithinItsLookback() throws Exception {
        bus.broadcast("sessions", command("old")).join();
        long oldAt = System.currentTimeMillis();
        // let "old" fall out of a 1 s lookback, then broadcast a recent one
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > oldAt + 1_500);
        bus.broadcast("sessions", command("recent")).join();

        List<ControlMessage> recentOnly = new CopyOnWriteArrayList<>();
        List<ControlMessage> everything = new CopyOnWriteArrayList<>();
        List<ControlMessage> newOnly = new CopyOnWriteArrayList<>();
        subscriptions.add(bus.subscribeControl("sessions", Duration.ofSeconds(1), recentOnly::add));
        subscriptions.add(bus.subscribeControl("sessions", Duration.ofMinutes(5), everything::add));
        subscriptions.add(bus.subscribeControl("sessions", Duration.ZERO, newOnly::add));
        bus.broadcast("sessions", command("new")).join();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> recentOnly.size() >= 2 && everything.size() >= 3 && !newOnly.isEmpty());
        assertThat(texts(recentOnly)).containsExactly("recent", "new");
        assertThat(texts(everything)).containsExactly("old", "recent", "new");
        assertThat(texts(newOnly)).containsExactly("new");
    }

    @Test
    void controlCommandsAreNotChannelEvents() {
        long first = publish(ch("a"), 1);
        bus.broadcast("sessions", command("c")).join();
        long second = publish(ch("a"), 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received).extracting(BusEvent::offset).containsExactly(first, second);
        assertThat(bus.read(0, 100)).extracting(BusEvent::offset).containsExactly(first, second);
        assertThat(bus.history(ch("a"), 0, 100).events()).extracting(BusEvent::offset).containsExactly(first, second);
    }

    @Test
    void aBadTopicOrLookbackIsRefused() {
        assertThat(bus.broadcast("a.b", command("c"))).isCompletedExceptionally();
        assertThat(bus.broadcast("", command("c"))).isCompletedExceptionally();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bus.subscribeControl("a>", Duration.ZERO, m -> { }))
            .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> bus.subscribeControl("sessions", Duration.ofSeconds(-1), m -> { }))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Waits until a durable consumer exists where the implementation keeps it, so that it receives every event
     * published from now on (a consumer starts at the end of the log).
     */
    protected abstract void awaitConsumerBound(DurableSubscription spec) throws Exception;
}
