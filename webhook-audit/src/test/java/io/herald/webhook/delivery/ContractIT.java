package io.herald.webhook.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.webhook.support.Harness;
import io.herald.webhook.support.Receiver;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks apply the same event contract and progress rules as the WebSocket side, for events published straight on
 * NATS: an endpoint on {@code *} receives valid events only (no invalid event, no unknown type, no progress); an
 * endpoint that names {@code job.progress} receives it throttled per job, and none after the job finished.
 */
class ContractIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Harness h;
    private static Receiver rx;

    @BeforeAll
    static void start() throws Exception {
        h = new Harness(Map.of("herald.throttle.window", "2s"));
        rx = new Receiver();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            rx.close();
        } finally {
            h.close();
        }
    }

    private static String job(String event, String guid, String extra) {
        return "{\"version\":\"v3-beta\",\"event\":\"" + event + "\",\"guid\":\"" + guid
            + "\",\"status\":\"done\",\"url\":null,\"details\":null" + extra + "}";
    }

    private static String endpoint(String user, String path, List<String> events) throws Exception {
        Harness.Answer a = h.post("/api/webhooks", h.token(user, "t1"), Map.of("url", rx.url(path), "events", events));
        assertEquals(201, a.status(), a.raw());
        return (String) a.json().get("id");
    }

    private static double invalidCount() {
        return h.context().getBean(MeterRegistry.class).counter("herald.webhook.events.invalid").count();
    }

    @Test
    void anEndpointOnStarReceivesValidEventsOnly() throws Exception {
        String user = UUID.randomUUID().toString();
        endpoint(user, "/star", List.of("*"));
        double invalidBefore = invalidCount();
        String channel = "exports:" + user;
        h.publish(channel, "{\"version\":\"v3-beta\",\"event\":\"job.finished\"}");               // invalid: fields missing
        h.publish(channel, job("job.teleported", "g1", ""));                                      // unknown type
        h.publish(channel, "not json at all");                                                   // unreadable
        h.publish(channel, job("job.progress", "g1", ",\"current\":1,\"total\":10"));             // progress: by name only
        String valid = job("job.finished", "g1", "");
        h.publish(channel, valid);
        await().atMost(WAIT).until(() -> rx.requests("/star").size() >= 1);
        // a later valid marker proves everything before it was consumed
        String marker = job("job.created", "g2", "");
        h.publish(channel, marker);
        await().atMost(WAIT).until(() -> rx.requests("/star").size() >= 2);
        List<Receiver.Request> got = rx.requests("/star");
        assertEquals(List.of(valid, marker), got.stream().map(Receiver.Request::body).toList());
        assertEquals(3.0, invalidCount() - invalidBefore);
    }

    @Test
    void progressReachesOnlyEndpointsThatNameItThrottledAndNeverAfterTheJobFinished() throws Exception {
        String user = UUID.randomUUID().toString();
        endpoint(user, "/progress", List.of("job.progress", "job.finished"));
        String channel = "exports:" + user;
        for (int i = 1; i <= 20; i++) {
            h.publish(channel, job("job.progress", "g", ",\"current\":" + i + ",\"total\":20"));
        }
        // the first is delivered at once (leading edge); the rest of the burst collapses into the latest (trailing)
        await().atMost(WAIT).until(() -> rx.requests("/progress").size() >= 2);
        h.publish(channel, job("job.finished", "g", ""));
        h.publish(channel, job("job.progress", "g", ",\"current\":21,\"total\":20"));
        h.publish(channel, job("job.finished", "marker", ""));
        String finished = job("job.finished", "g", "");
        String marker = job("job.finished", "marker", "");
        // Webhook deliveries of different messages may overtake each other (attempts run in parallel, as with any
        // webhook sender): wait for both terminal events, then check which events came, not how the two interleave.
        await().atMost(WAIT).until(() -> {
            List<String> seen = rx.requests("/progress").stream().map(Receiver.Request::body).toList();
            return seen.contains(finished) && seen.contains(marker);
        });
        List<String> bodies = rx.requests("/progress").stream().map(Receiver.Request::body).toList();
        assertEquals(job("job.progress", "g", ",\"current\":1,\"total\":20"), bodies.get(0));
        assertEquals(job("job.progress", "g", ",\"current\":20,\"total\":20"), bodies.get(1));
        assertEquals(java.util.Set.of(finished, marker), java.util.Set.copyOf(bodies.subList(2, bodies.size())));
        assertEquals(4, bodies.size(), bodies.toString());
        assertTrue(bodies.stream().noneMatch(b -> b.contains("\"current\":21")), "progress after the terminal event");
    }
}
