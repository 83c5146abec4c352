package io.herald.realtime.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.auth.Claims;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.transport.herald.HeraldProtocol;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The SSE session without sockets: ids, late events, the recovery gate, the outbound bound and expiry. */
class SseSessionTest {

    final SseCodec codec = new SseCodec(new HeraldProtocol(JsonMapper.createDefault()));
    final Claims claims = new Claims("u1", "acme", List.of(), Instant.now().plusSeconds(60));
    final AtomicInteger slow = new AtomicInteger();

    EncodedFrame frame(long offset, String type) {
        String json = "{\"type\":\"" + type + "\",\"payload\":{\"job_id\":\"j\"}}";
        return codec.encode(new Delivery("job:j", offset, 0, json.getBytes(StandardCharsets.UTF_8)), "job:j");
    }

    List<Event<String>> collect(SseSession session) {
        List<Event<String>> events = new ArrayList<>();
        session.events().subscribe(events::add);
        return events;
    }

    @Test
    void idIsTheOffsetAndALateEventHasNoIdSoThePositionNeverMovesBack() {
        SseSession session = new SseSession("s", claims, codec, 16, slow::incrementAndGet);
        List<Event<String>> events = collect(session);
        session.send(frame(5, "job.progress"));
        session.send(frame(7, "job.completed"));
        session.send(frame(6, "job.progress"));
        assertThat(events).extracting(Event::getId).containsExactly("5", "7", null);
        assertThat(events).extracting(Event::getName).containsExactly("job.progress", "job.completed", "job.progress");
        assertThat(events.get(2).getData()).contains("\"late\":true", "\"offset\":6");
    }

    @Test
    void recoverySendsTheControlEventTheHistoryThenHeldEventsItDidNotCarry() {
        SseSession session = new SseSession("s", claims, codec, 16, slow::incrementAndGet);
        List<Event<String>> events = collect(session);
        session.beginRecovery();
        session.send(frame(11, "job.progress")); // also in the history
        session.send(frame(12, "job.progress")); // live only
        session.endRecovery(Event.of("{}").name("connected"), List.of(frame(10, "job.started"), frame(11, "job.progress")), 9);
        assertThat(events).extracting(Event::getId).containsExactly(null, "10", "11", "12");
    }

    @Test
    void aClientThatDoesNotReadIsClosedWhenTheQueueIsFull() {
        SseSession session = new SseSession("s", claims, codec, 8, slow::incrementAndGet);
        for (int i = 1; i <= 20; i++) {
            session.send(frame(i, "job.progress"));
        }
        assertThat(slow.get()).isEqualTo(1);
        List<Event<String>> events = collect(session);
        assertThat(events).hasSize(8); // what was queued is still written, then the stream ends
    }

    @Test
    void heartbeatsAreCommentsAndAnExpiredTokenEndsTheStream() {
        SseSession session = new SseSession("s", claims, codec, 16, slow::incrementAndGet);
        List<Event<String>> events = new ArrayList<>();
        boolean[] completed = {false};
        session.events().subscribe(events::add, e -> { }, () -> completed[0] = true);
        session.tick(Instant.now());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getComment()).isEqualTo("heartbeat");
            assertThat(e.getData()).isEmpty();
        });
        session.tick(claims.expiresAt());
        assertThat(completed[0]).isTrue();
        session.send(frame(1, "job.progress"));
        assertThat(events).hasSize(1);
        session.close(CloseCode.GOING_AWAY); // idempotent
    }
}
