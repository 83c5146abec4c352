package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.Published;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two busy customers on a platform with two realtime instances: 50 export jobs of 100 events each are
 * published interleaved (every job advances one step per round), and each customer watches from a tab on
 * each instance. Every tab sees each job as created → progress (thinned, in stream order) → finished, every
 * non-progress event in stream order, and both instances deliver exactly the same events of every job. A
 * commerce tenant's 5,000 order changes (never throttled) arrive complete and in stream order on both
 * instances too.
 *
 * <p>Channel order has one documented exception: a trailing progress (P2) is delivered when its window closes,
 * after newer events of other jobs on the same channel, so its offset is lower than the one before it.
 */
class OrderingUnderLoadIT {

    private static final int JOBS = 50;
    private static final int EVENTS_PER_JOB = 100;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);

    @Test
    void interleavedJobsArriveInStreamOrderIdenticallyOnBothInstances() {
        String tenant = "load-" + UUID.randomUUID().toString().substring(0, 8);
        List<User> users = List.of(api.createUser(tenant), api.createUser(tenant));
        Map<String, User> ownerOfJob = new LinkedHashMap<>();
        for (int i = 0; i < JOBS; i++) {
            ownerOfJob.put(UUID.randomUUID().toString(), users.get(i % users.size()));
        }
        Published published = new Published();
        List<WsClient> tabs = new ArrayList<>();
        try (NatsPublisher nats = new NatsPublisher(platform)) {
            for (User u : users) {
                for (int instance = 0; instance < platform.realtimeInstances(); instance++) {
                    WsClient tab = WsClient.connect(platform.heraldWs(instance, "/ws", api.socketToken(u)));
                    tabs.add(tab);
                    tab.awaitConnected(WAIT);
                }
            }
            long startNanos = System.nanoTime();
            for (int step = 0; step < EVENTS_PER_JOB; step++) {
                for (Map.Entry<String, User> job : ownerOfJob.entrySet()) {
                    ObjectNode event = step == 0 ? Events.jobCreated(job.getKey())
                            : step == EVENTS_PER_JOB - 1 ? Events.jobFinished(job.getKey(), EVENTS_PER_JOB - 2)
                            : Events.jobProgress(job.getKey(), step, EVENTS_PER_JOB - 2);
                    String channel = job.getValue().exportsChannel();
                    published.add(channel, nats.publish(channel, event), event);
                }
            }

            for (int u = 0; u < users.size(); u++) {
                String channel = users.get(u).exportsChannel();
                long jobsOfUser = ownerOfJob.values().stream().filter(users.get(u)::equals).count();
                List<Map<String, List<Long>>> sequences = new ArrayList<>();
                for (int instance = 0; instance < platform.realtimeInstances(); instance++) {
                    WsClient tab = tabs.get(u * platform.realtimeInstances() + instance);
                    tab.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == last(published.offsets(channel)), WAIT);
                    List<JsonNode> seen = tab.events(channel);
                    published.assertFaithfulPerJob(channel, seen, platform::logTails);
                    checkJobs(seen, jobsOfUser);
                    sequences.add(Published.offsetsPerJob(seen));
                }
                for (Map<String, List<Long>> other : sequences) {
                    assertEquals(sequences.get(0), other, "both instances deliver the same events of every job (P5) on " + channel);
                }
            }
            System.out.printf("ordering: %d events of %d jobs published and checked on %d tabs in %d ms%n",
                    JOBS * EVENTS_PER_JOB, JOBS, tabs.size(), (System.nanoTime() - startNanos) / 1_000_000);
        } finally {
            tabs.forEach(WsClient::close);
        }
    }

    @Test
    void orderChangesAreNeverThinnedAndArriveInStreamOrderOnBothInstances() {
        String tenant = "shop" + UUID.randomUUID().toString().substring(0, 8);
        User clerk = api.createUser(tenant);
        String channel = "order_changes@" + tenant;
        Published published = new Published();
        List<WsClient> tabs = new ArrayList<>();
        try (NatsPublisher nats = new NatsPublisher(platform)) {
            for (int instance = 0; instance < platform.realtimeInstances(); instance++) {
                WsClient tab = WsClient.connect(platform.heraldWs(instance, "/ws", api.socketToken(clerk)));
                tabs.add(tab);
                tab.awaitConnected(WAIT);
                // The short name means the client's own tenant; frames then name the channel as written.
                tab.subscribe("order_changes", null, WAIT);
            }
            long startNanos = System.nanoTime();
            for (int step = 0; step < EVENTS_PER_JOB; step++) {
                for (int order = 1; order <= JOBS; order++) {
                    ObjectNode event = Events.entityChange(step == 0 ? "order:created" : "order:updated", order);
                    published.add("order_changes", nats.publish(channel, event), event);
                }
            }
            List<Long> all = published.offsets("order_changes");
            for (WsClient tab : tabs) {
                List<JsonNode> seen = tab.awaitEvents("order_changes", all.size(), WAIT);
                published.assertFaithfulSubsequence("order_changes", seen, platform::logTails);
                assertEquals(all, seen.stream().map(f -> f.path("offset").asLong()).toList(),
                        "every order change arrives exactly once, in stream order");
            }
            System.out.printf("ordering: %d order changes published and received complete on %d instances in %d ms%n",
                    all.size(), tabs.size(), (System.nanoTime() - startNanos) / 1_000_000);
        } finally {
            tabs.forEach(WsClient::close);
        }
    }

    private static void checkJobs(List<JsonNode> seen, long jobs) {
        Map<String, List<JsonNode>> byJob = new LinkedHashMap<>();
        seen.forEach(f -> byJob.computeIfAbsent(f.path("guid").asText(), g -> new ArrayList<>()).add(f));
        assertEquals(jobs, byJob.size(), "every job of the user shows up");
        byJob.forEach((guid, events) -> {
            List<String> types = events.stream().map(f -> f.path("event").asText()).toList();
            assertEquals("job.created", types.get(0), guid + " " + types);
            assertEquals("job.finished", types.get(types.size() - 1), guid + " " + types);
            assertEquals(1, types.stream().filter("job.created"::equals).count(), guid + " " + types);
            assertEquals(1, types.stream().filter("job.finished"::equals).count(), guid + " " + types);
            int previous = 0;
            for (JsonNode e : events.subList(1, events.size() - 1)) {
                assertTrue(e.path("current").asInt() > previous, () -> guid + " progress out of order: " + types);
                previous = e.path("current").asInt();
            }
        });
    }

    private static long last(List<Long> offsets) {
        return offsets.get(offsets.size() - 1);
    }
}
