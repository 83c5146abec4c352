package io.herald.realtime.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The hub with recording sessions: no sockets. */
class HubTest {

    /** Counts encodings so tests can prove "once per protocol and display name". */
    static final class CountingCodec implements ProtocolCodec {
        final AtomicInteger encodings = new AtomicInteger();
        final String tag;

        CountingCodec(String tag) {
            this.tag = tag;
        }

        @Override
        public EncodedFrame encode(Delivery delivery, String displayChannel) {
            encodings.incrementAndGet();
            return new EncodedFrame((tag + ":" + displayChannel + ":" + delivery.offset()).getBytes(StandardCharsets.UTF_8),
                delivery.channel(), delivery.offset());
        }
    }

    static class RecordingSession implements Session {
        final String id;
        final String user;
        final ProtocolCodec codec;
        final List<EncodedFrame> frames = new ArrayList<>();
        CloseCode closed;

        RecordingSession(String id, String user, ProtocolCodec codec) {
            this.id = id;
            this.user = user;
            this.codec = codec;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String userId() {
            return user;
        }

        @Override
        public ProtocolCodec codec() {
            return codec;
        }

        @Override
        public synchronized void send(EncodedFrame frame) {
            frames.add(frame);
        }

        @Override
        public void close(CloseCode code) {
            closed = code;
        }

        synchronized List<String> texts() {
            return frames.stream().map(EncodedFrame::text).toList();
        }
    }

    final Hub hub = new Hub(8);
    final CountingCodec herald = new CountingCodec("h");
    final CountingCodec centrifugo = new CountingCodec("c");

    static Delivery delivery(String channel, long offset) {
        return new Delivery(channel, offset, 0, "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fanOutEncodesOncePerProtocolAndDisplayNameAndSharesTheFrame() {
        List<RecordingSession> sessions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RecordingSession s = new RecordingSession("s" + i, "u" + i, i % 2 == 0 ? herald : centrifugo);
            hub.register(s, 10);
            hub.subscribe(s, "order_changes@t", i % 4 < 2 ? "order_changes" : "order_changes@t", 10);
            sessions.add(s);
        }
        assertThat(hub.publish(delivery("order_changes@t", 7))).isEqualTo(100);
        assertThat(herald.encodings).hasValue(2);
        assertThat(centrifugo.encodings).hasValue(2);
        assertThat(sessions.get(0).texts()).containsExactly("h:order_changes:7");
        assertThat(sessions.get(3).texts()).containsExactly("c:order_changes@t:7");
        assertThat(sessions.get(0).frames.get(0)).isSameAs(sessions.get(4).frames.get(0));
        assertThat(hub.deliveryCount()).isEqualTo(100);
    }

    @Test
    void framesOfEveryEventCarryTheHubsOwnInstanceOfTheChannelName() {
        RecordingSession s = new RecordingSession("s", "u", herald);
        hub.register(s, 10);
        hub.subscribe(s, "exports:u", "exports:u", 10);
        // each event parsed from its own subject carries its own String instance of the name
        hub.publish(delivery(new String("exports:u".toCharArray()), 1));
        hub.publish(delivery(new String("exports:u".toCharArray()), 2));
        assertThat(s.frames).hasSize(2);
        assertThat(s.frames.get(0).channel()).isEqualTo("exports:u").isSameAs(s.frames.get(1).channel());
    }

    @Test
    void sessionsWithTheSameIdAreStillTwoConnections() {
        // a transport's id may repeat (Micronaut's was the client's Sec-WebSocket-Key): the hub keys by the object
        List<RecordingSession> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordingSession s = new RecordingSession("same-key", "u", herald);
            assertThat(hub.register(s, 20)).isTrue();
            assertThat(hub.subscribe(s, "exports:u", "exports:u", 10)).isEqualTo(Hub.SubscribeOutcome.SUBSCRIBED);
            sessions.add(s);
        }
        assertThat(hub.connectionCount()).isEqualTo(20);
        assertThat(hub.publish(delivery("exports:u", 1))).isEqualTo(20);
        for (RecordingSession s : sessions) {
            assertThat(s.texts()).containsExactly("h:exports:u:1");
        }
        hub.unregister(sessions.get(0));
        assertThat(hub.connectionCount()).isEqualTo(19);
        assertThat(hub.subscriberCount("exports:u")).isEqualTo(19);
    }

    @Test
    void aSessionWhoseSendFailsDoesNotCostTheOthersTheEvent() {
        RecordingSession broken = new RecordingSession("broken", "u", herald) {
            @Override
            public synchronized void send(EncodedFrame frame) {
                throw new IllegalStateException("channel gone");
            }
        };
        RecordingSession after = new RecordingSession("after", "u", herald);
        hub.register(broken, 10);
        hub.register(after, 10);
        hub.subscribe(broken, "exports:u", "exports:u", 10);
        hub.subscribe(after, "exports:u", "exports:u", 10);
        hub.publish(delivery("exports:u", 1));
        hub.publish(delivery("exports:u", 2));
        assertThat(after.texts()).containsExactly("h:exports:u:1", "h:exports:u:2");
    }

    @Test
    void onlySubscribersOfTheChannelReceive() {
        RecordingSession a = new RecordingSession("a", "u", herald);
        RecordingSession b = new RecordingSession("b", "u", herald);
        hub.register(a, 10);
        hub.register(b, 10);
        hub.subscribe(a, "job:1", "job:1", 10);
        hub.subscribe(b, "job:2", "job:2", 10);
        hub.publish(delivery("job:1", 1));
        assertThat(a.texts()).containsExactly("h:job:1:1");
        assertThat(b.texts()).isEmpty();
        assertThat(hub.publish(delivery("job:3", 2))).isZero();
    }

    @Test
    void subscribeOutcomes() {
        RecordingSession a = new RecordingSession("a", "u", herald);
        assertThat(hub.subscribe(a, "c1", "c1", 2)).isEqualTo(Hub.SubscribeOutcome.UNKNOWN_SESSION);
        hub.register(a, 10);
        assertThat(hub.subscribe(a, "c1", "c1", 2)).isEqualTo(Hub.SubscribeOutcome.SUBSCRIBED);
        assertThat(hub.subscribe(a, "c1", "c1", 2)).isEqualTo(Hub.SubscribeOutcome.ALREADY_SUBSCRIBED);
        assertThat(hub.subscribe(a, "c2", "c2", 2)).isEqualTo(Hub.SubscribeOutcome.SUBSCRIBED);
        assertThat(hub.subscribe(a, "c3", "c3", 2)).isEqualTo(Hub.SubscribeOutcome.LIMIT_REACHED);
        assertThat(hub.subscriptionCount()).isEqualTo(2);
        assertThat(hub.subscriptionsOf(a)).containsOnlyKeys("c1", "c2");
    }

    @Test
    void unsubscribeAndUnregisterRemoveEverything() {
        RecordingSession a = new RecordingSession("a", "u", herald);
        hub.register(a, 10);
        hub.subscribe(a, "c1", "c1", 10);
        hub.subscribe(a, "c2", "c2", 10);
        assertThat(hub.unsubscribe(a, "c1")).isTrue();
        assertThat(hub.unsubscribe(a, "c1")).isFalse();
        assertThat(hub.subscriberCount("c1")).isZero();
        hub.unregister(a);
        hub.unregister(a);
        assertThat(hub.subscriberCount("c2")).isZero();
        assertThat(hub.subscriptionCount()).isZero();
        assertThat(hub.connectionCount()).isZero();
        assertThat(hub.connectionsOf("u")).isZero();
    }

    @Test
    void connectionsPerUserAreLimited() {
        assertThat(hub.register(new RecordingSession("1", "u", herald), 2)).isTrue();
        RecordingSession second = new RecordingSession("2", "u", herald);
        assertThat(hub.register(second, 2)).isTrue();
        assertThat(hub.register(new RecordingSession("3", "u", herald), 2)).isFalse();
        assertThat(hub.register(new RecordingSession("4", "v", herald), 2)).isTrue();
        hub.unregister(second);
        assertThat(hub.register(new RecordingSession("5", "u", herald), 2)).isTrue();
        assertThat(hub.connectionsOf("u")).isEqualTo(2);
    }

    @Test
    void concurrentSubscribeUnsubscribeAndPublishKeepCountsConsistent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<RecordingSession> sessions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RecordingSession s = new RecordingSession("s" + i, "u" + (i % 10), herald);
            hub.register(s, 1_000);
            sessions.add(s);
        }
        for (RecordingSession s : sessions) {
            pool.execute(() -> {
                for (int c = 0; c < 20; c++) {
                    hub.subscribe(s, "ch" + c, "ch" + c, 100);
                    hub.publish(delivery("ch" + c, c));
                }
                for (int c = 0; c < 10; c++) {
                    hub.unsubscribe(s, "ch" + c);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.subscriptionCount()).isEqualTo(200 * 10);
        for (int c = 0; c < 20; c++) {
            assertThat(hub.subscriberCount("ch" + c)).isEqualTo(c < 10 ? 0 : 200);
        }
        sessions.forEach(hub::unregister);
        assertThat(hub.subscriptionCount()).isZero();
    }

    @Test
    void subscribersComingAndGoingOnABigChannelEachGetExactlyTheEventsOfTheirSubscription() {
        // thousands of subscribers on one channel, half of them leaving in between: slots are cleared and reused by
        // compaction; every live subscriber gets each later event once, none after it left
        List<RecordingSession> sessions = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            RecordingSession s = new RecordingSession("s" + i, "u", herald);
            hub.register(s, 10_000);
            hub.subscribe(s, "exports:u", "exports:u", 10);
            sessions.add(s);
        }
        assertThat(hub.publish(delivery("exports:u", 1))).isEqualTo(3000);
        for (int i = 0; i < 3000; i += 2) {
            assertThat(hub.unsubscribe(sessions.get(i), "exports:u")).isTrue();
        }
        assertThat(hub.subscriberCount("exports:u")).isEqualTo(1500);
        List<RecordingSession> late = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            RecordingSession s = new RecordingSession("late" + i, "u", herald);
            hub.register(s, 10_000);
            hub.subscribe(s, "exports:u", "exports:u", 10);
            late.add(s);
        }
        assertThat(hub.subscriberCount("exports:u")).isEqualTo(3500);
        assertThat(hub.publish(delivery("exports:u", 2))).isEqualTo(3500);
        for (int i = 0; i < 3000; i++) {
            assertThat(sessions.get(i).texts()).as("subscriber %d", i)
                .containsExactlyElementsOf(i % 2 == 0 ? List.of("h:exports:u:1") : List.of("h:exports:u:1", "h:exports:u:2"));
        }
        for (RecordingSession s : late) {
            assertThat(s.texts()).containsExactly("h:exports:u:2");
        }
        for (RecordingSession s : late) {
            hub.unregister(s);
        }
        for (int i = 1; i < 3000; i += 2) {
            hub.unregister(sessions.get(i));
        }
        assertThat(hub.subscriberCount("exports:u")).isZero();
        assertThat(hub.subscriptionCount()).isZero();
        assertThat(hub.publish(delivery("exports:u", 3))).isZero();
    }

    @Test
    void publishingWhileSubscribersComeAndGoNeverDeliversTwiceNorSkipsASteadySubscriber() throws Exception {
        RecordingSession steady = new RecordingSession("steady", "u", herald);
        hub.register(steady, 10_000);
        hub.subscribe(steady, "c", "c", 10);
        Thread churn = new Thread(() -> {
            for (int round = 0; round < 200; round++) {
                List<RecordingSession> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    RecordingSession s = new RecordingSession("churn", "u", herald);
                    hub.register(s, 10_000);
                    hub.subscribe(s, "c", "c", 10);
                    batch.add(s);
                }
                batch.forEach(hub::unregister);
            }
        });
        churn.start();
        int events = 0;
        while (churn.isAlive() || events < 100) {
            hub.publish(delivery("c", ++events));
        }
        churn.join();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= events; i++) {
            expected.add("h:c:" + i);
        }
        assertThat(steady.texts()).containsExactlyElementsOf(expected);
    }
}
