package io.herald.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testsupport.NatsServerProcess;
import io.herald.testsupport.TestNats;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link NatsEventBus} passes the {@link EventBusContract} against the test NATS server (each bus on its own stream
 * and subject prefix, deleted afterwards), and survives NATS being down at start and restarted mid-stream.
 */
class NatsEventBusIT extends EventBusContract {

    private final Map<EventBus, Connection> connections = new HashMap<>();
    private final Map<EventBus, StreamOptions> streams = new HashMap<>();

    @Override
    protected EventBus createBus(StreamOptions options) {
        return open(TestNats.url(), options);
    }

    private NatsEventBus open(String url, StreamOptions options) {
        NatsConnections.Listeners listeners = new NatsConnections.Listeners();
        Connection connection = NatsConnections.open(new Options.Builder().server(url).maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(250)), listeners);
        NatsEventBus nats = new NatsEventBus(connection, options, Duration.ofMillis(250));
        listeners.add(nats::connectionChanged);
        nats.start();
        connections.put(nats, connection);
        streams.put(nats, options);
        return nats;
    }

    @Override
    protected void destroyBus(EventBus bus) throws Exception {
        bus.close();
        Connection connection = connections.remove(bus);
        if (connection.getStatus() == Connection.Status.CONNECTED) {
            try {
                connection.jetStreamManagement().deleteStream(streams.get(bus).stream());
            } catch (JetStreamApiException ignored) {
                // already gone
            }
        }
        connection.close();
    }

    @Override
    protected void awaitConsumerBound(DurableSubscription spec) throws Exception {
        String stream = streams.get(bus).stream();
        try (Connection connection = Nats.connect(TestNats.url())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try {
                    connection.jetStreamManagement().getConsumerInfo(stream, spec.name());
                    return true;
                } catch (JetStreamApiException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void createsTheStreamAsTheInternalContractsSay() throws Exception {
        StreamOptions options = streams.get(bus);
        try (Connection connection = Nats.connect(TestNats.url())) {
            StreamInfo info = connection.jetStreamManagement().getStreamInfo(options.stream());
            assertThat(info.getConfiguration().getSubjects()).containsExactlyInAnyOrder(options.subjectPrefix() + ".ch.>",
                options.subjectPrefix() + ".ctl.>");
            assertThat(info.getConfiguration().getMaxAge()).isEqualTo(Duration.ofMinutes(10));
            assertThat(info.getConfiguration().getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
            assertThat(info.getConfiguration().getStorageType()).isEqualTo(StorageType.File);
        }
    }

    @Test
    void aStreamCreatedWithoutControlSubjectsIsUpdatedAndEveryInstanceReceivesEachCommand() throws Exception {
        StreamOptions options = freshOptions(Duration.ofMinutes(10), -1);
        try (Connection connection = Nats.connect(TestNats.url())) {
            // the stream as an earlier version created it: channels only, with an event stored
            connection.jetStreamManagement().addStream(io.nats.client.api.StreamConfiguration.builder()
                .name(options.stream()).subjects(options.subjectPrefix() + ".ch.>").storageType(StorageType.File)
                .maxAge(options.maxAge()).duplicateWindow(options.duplicateWindow()).build());
            connection.jetStream().publish(options.subjectPrefix() + ".ch.order_changes@a", event(1));
            EventBus one = newBus(options);
            EventBus two = newBus(options);
            assertThat(connection.jetStreamManagement().getStreamInfo(options.stream()).getConfiguration().getSubjects())
                .contains(options.subjectPrefix() + ".ctl.>");
            assertThat(one.history("order_changes@a", 0, 10).events()).hasSize(1);
            List<ControlMessage> onOne = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<ControlMessage> onTwo = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (AutoCloseable a = one.subscribeControl("sessions", Duration.ZERO, onOne::add);
                 AutoCloseable b = two.subscribeControl("sessions", Duration.ZERO, onTwo::add)) {
                long sent = System.nanoTime();
                one.broadcast("sessions", "x".getBytes(java.nio.charset.StandardCharsets.UTF_8)).join();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> onOne.size() == 1 && onTwo.size() == 1);
                System.out.printf("control broadcast over NATS reached both instances in %d ms%n",
                    (System.nanoTime() - sent) / 1_000_000);
                // a third instance started later still learns the command
                EventBus three = newBus(options);
                List<ControlMessage> onThree = new java.util.concurrent.CopyOnWriteArrayList<>();
                try (AutoCloseable c = three.subscribeControl("sessions", Duration.ofMinutes(1), onThree::add)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> onThree.size() == 1);
                }
            }
        }
    }

    @Test
    void aSubscriberRegisteringWhileTheSetUpTurnsReadyIsAttached() throws Exception {
        StreamOptions options = freshOptions(Duration.ofMinutes(10), -1);
        Connection connection = Nats.connect(TestNats.url());
        NatsEventBus bus = new NatsEventBus(connection, options, Duration.ofMillis(250));
        List<BusEvent> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread registering = new Thread(() -> bus.subscribeAll(received::add), "registering-subscriber");
        // the subscriber registers in the set-up's window between attaching the others and turning ready (a router
        // starting on another thread at the same moment as the bus)
        bus.beforeReady(() -> {
            registering.start();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            bus.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> bus.ready() && !registering.isAlive());
            bus.publish("order_changes@a", event(1), null).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        } finally {
            bus.close();
            connection.jetStreamManagement().deleteStream(options.stream());
            connection.close();
        }
    }

    @Test
    void natsDownAtStartThenUpMakesTheBusReadyWithoutARestart() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.onFreePort()) {
            NatsEventBus late = open(server.url(), freshOptions(Duration.ofMinutes(10), -1));
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            try {
                assertThat(late.ready()).isFalse();
                assertThat(late.publish(ch("a"), event(1), null)).isCompletedExceptionally();
                long started = System.nanoTime();
                timer.schedule(server::start, 8, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(40)).until(late::ready);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(8));
                List<BusEvent> got = new ArrayList<>();
                try (AutoCloseable ignored = late.subscribeAll(got::add)) {
                    long offset = late.publish(ch("a"), event(1), null).join().offset();
                    await().atMost(Duration.ofSeconds(10)).until(() -> got.stream().anyMatch(e -> e.offset() == offset));
                }
            } finally {
                timer.shutdownNow();
                late.close();
                connections.remove(late).close();
            }
        }
    }

    @Test
    void natsRestartedMidStreamLosesNothing() throws Exception {
        try (NatsServerProcess server = NatsServerProcess.onFreePort()) {
            server.start();
            NatsEventBus restarted = open(server.url(), freshOptions(Duration.ofMinutes(10), -1));
            try {
                await().atMost(Duration.ofSeconds(20)).until(restarted::ready);
                Set<Long> live = ConcurrentHashMap.newKeySet();
                Set<Long> durable = ConcurrentHashMap.newKeySet();
                AutoCloseable all = restarted.subscribeAll(e -> live.add(e.offset()));
                AutoCloseable consumer = restarted.consume(DurableSubscription.of("restart", Duration.ofSeconds(2)), e -> {
                    durable.add(e.offset());
                    e.ack();
                });
                // the durable consumer starts at the end of the log once it exists: publish markers until one arrives
                await().atMost(Duration.ofSeconds(20)).until(() -> publish(restarted, ch("marker"), 0) > 0 && !durable.isEmpty());
                List<Long> published = new ArrayList<>();
                for (int i = 1; i <= 30; i++) {
                    published.add(publish(restarted, ch("a" + (i % 3)), i));
                }
                server.kill();
                await().atMost(Duration.ofSeconds(20)).until(() -> !restarted.ready());
                server.start();
                await().atMost(Duration.ofSeconds(40)).until(restarted::ready);
                for (int i = 31; i <= 60; i++) {
                    published.add(publish(restarted, ch("a" + (i % 3)), i));
                }
                await().atMost(Duration.ofSeconds(40)).until(() -> durable.containsAll(published));
                await().atMost(Duration.ofSeconds(40)).until(() -> live.containsAll(published));
                all.close();
                consumer.close();
            } finally {
                restarted.close();
                connections.remove(restarted).close();
            }
        }
    }
}
