package io.herald.realtime.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.bus.BusEvent;
import io.herald.bus.DurableEvent;
import io.herald.bus.DurableSubscription;
import io.herald.bus.EventBus;
import io.herald.bus.History;
import io.herald.bus.PublishResult;
import io.herald.bus.contract.Lifecycle;
import io.herald.bus.contract.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Concurrent recoveries of one channel position share their history reads. */
class HistoryReplayTest {

    /** A bus whose history reads block until released, counting them. */
    static final class SlowBus implements EventBus {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger historyCalls = new AtomicInteger();
        final List<BusEvent> events = new ArrayList<>();

        SlowBus() {
            for (int i = 1; i <= 300; i++) {
                events.add(new BusEvent("exports:u", i, 1_000L + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
        }

        @Override
        public CompletableFuture<PublishResult> publish(String channel, byte[] json, String messageId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable subscribeAll(Consumer<BusEvent> handler) {
            return () -> { };
        }

        @Override
        public History history(String channel, long since, int maxCount) {
            historyCalls.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new History(events.stream().filter(e -> e.offset() > since).toList(), true, "E", 300);
        }

        @Override
        public AutoCloseable consume(DurableSubscription subscription, Consumer<DurableEvent> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<BusEvent> read(long since, int maxCount) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long offsetAt(long timestampMillis) {
            return 0;
        }

        @Override
        public long deadLetterCount() {
            return 0;
        }

        @Override
        public String epoch() {
            return "E";
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public void deadLetter(String channel, byte[] json, String errors) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void concurrentReplaysOfOnePositionReadHistoryOnceEachRound() throws Exception {
        SlowBus bus = new SlowBus();
        HistoryReplay replay = new HistoryReplay(bus, (channel, json) -> new Verdict("t", null, Lifecycle.OTHER, List.of(), "[]"),
            Duration.ofSeconds(5), Duration.ofMillis(200), new RecoveryConfiguration(Duration.ofSeconds(60), 5000, 20000), 1000,
            () -> 10_000L);
        List<CompletableFuture<Recovery>> results = new ArrayList<>();
        List<Thread> latecomers = new ArrayList<>();
        Thread first = start(replay, results);
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.historyCalls.get() == 1);
        for (int i = 0; i < 17; i++) {
            latecomers.add(start(replay, results));
        }
        // every latecomer waits (for the running read, or for the one read they will share)
        await().atMost(Duration.ofSeconds(10))
            .until(() -> latecomers.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        assertThat(bus.historyCalls).hasValue(1);
        bus.release.countDown();
        for (CompletableFuture<Recovery> result : results) {
            Recovery recovery = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(recovery.recovered()).isTrue();
            assertThat(recovery.events()).hasSize(300);
        }
        first.join();
        assertThat(replay.readCount()).isEqualTo(2);
        assertThat(bus.historyCalls).hasValue(2);
    }

    static Thread start(HistoryReplay replay, List<CompletableFuture<Recovery>> results) {
        CompletableFuture<Recovery> result = new CompletableFuture<>();
        results.add(result);
        Thread thread = new Thread(() -> {
            try {
                result.complete(replay.replay("exports:u", 0, null));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        thread.start();
        return thread;
    }
}
