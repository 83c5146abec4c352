package io.herald.realtime.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.bus.InMemoryEventBus;
import io.herald.bus.StreamOptions;
import io.herald.bus.contract.SchemaEventCheck;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.hub.Session;
import io.herald.realtime.transport.herald.HeraldProtocol;
import io.herald.schema.EventContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event pipeline on the in-memory bus: bus → contract check → throttle → hub → a recording session. Invalid
 * events go to the dead-letter subject and never to a client; progress is throttled per job (a 1 s window here), its
 * latest suppressed value released when the window closes; a finished job's held progress is dropped.
 */
class EventRouterTest {

    static final String USER = "2f6c0d4e-1111-4222-8333-944455556666";
    static final String CHANNEL = "exports:" + USER;

    final InMemoryEventBus bus = new InMemoryEventBus(StreamOptions.of("HERALD_ROUTER", "herald", Duration.ofHours(1)),
        Clock.systemUTC());
    final Hub hub = new Hub(4);
    final EventRouter router = new EventRouter(bus, new SchemaEventCheck(EventContract.load()), hub,
        new RealtimeMetrics(new SimpleMeterRegistry(), hub), Duration.ofSeconds(1), Duration.ofMillis(20),
        Duration.ofMillis(100), Duration.ofHours(1), 1000);
    final List<String> received = new CopyOnWriteArrayList<>();

    /** A hub session that records the frames the Herald codec made for it. */
    final Session session = new Session() {
        final ProtocolCodec codec = new HeraldProtocol(JsonMapper.createDefault());

        @Override
        public String id() {
            return "recording";
        }

        @Override
        public String userId() {
            return USER;
        }

        @Override
        public ProtocolCodec codec() {
            return codec;
        }

        @Override
        public void send(EncodedFrame frame) {
            received.add(frame.text());
        }

        @Override
        public void close(CloseCode code) {
            received.add("close:" + code);
        }
    };

    EventRouterTest() {
        hub.register(session, 10);
        hub.subscribe(session, CHANNEL, CHANNEL, 10);
        router.start();
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
    }

    static String progress(int current) {
        return "{\"version\":\"v3-beta\",\"event\":\"job.progress\",\"guid\":\"g1\",\"status\":\"progress\",\"url\":null,"
            + "\"details\":null,\"current\":" + current + ",\"total\":10}";
    }

    static final String FINISHED = "{\"version\":\"v3-beta\",\"event\":\"job.finished\",\"guid\":\"g1\",\"status\":\"done\","
        + "\"url\":\"https://example.com/export-g1.xlsx\",\"details\":null}";

    long publish(String json) {
        return bus.publish(CHANNEL, json.getBytes(StandardCharsets.UTF_8), null).join().offset();
    }

    @Test
    void aValidEventIsDeliveredWithChannelAndOffsetAndAnInvalidOneIsDeadLettered() {
        long invalid = publish("{\"version\":\"v3-beta\",\"event\":\"job.finished\"}");
        long valid = publish(FINISHED);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1 && bus.deadLetterCount() == 1);
        assertThat(received.get(0)).endsWith(",\"channel\":\"" + CHANNEL + "\",\"offset\":" + valid + "}")
            .doesNotContain("\"offset\":" + invalid + "}");
    }

    @Test
    void progressIsThrottledPerJobAndAHeldProgressIsDroppedWhenTheJobFinishes() {
        long first = publish(progress(1));
        publish(progress(2));
        publish(progress(3));
        long finished = publish(FINISHED);
        long after = publish(progress(4)); // after the terminal event: the job stays finished
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received.get(0)).contains("\"current\":1").endsWith("\"offset\":" + first + "}");
        assertThat(received.get(1)).contains("\"event\":\"job.finished\"").endsWith("\"offset\":" + finished + "}");
        // without the finish, progress 3 would be released when the window closes (see the test below); nothing comes
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(4)).until(() -> received.size() == 2);
        assertThat(received).noneMatch(frame -> frame.endsWith("\"offset\":" + after + "}"));
    }

    @Test
    void theLatestSuppressedProgressIsReleasedWhenItsWindowCloses() {
        long first = publish(progress(1));
        publish(progress(2));
        long third = publish(progress(3));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received.get(0)).endsWith("\"offset\":" + first + "}");
        assertThat(received.get(1)).contains("\"current\":3").endsWith("\"offset\":" + third + "}");
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).until(() -> received.size() == 2);
    }
}
