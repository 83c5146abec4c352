package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.e2e.support.CentrifugeJsClient;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.Published;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A user runs 20 exports at once, each reporting progress every 50 ms, and watches them from two browser
 * tabs connected to different realtime instances, and a third running the official {@code centrifuge} SDK. Herald thins the progress so that the user sees at most
 * one progress per job per window, the latest progress still arrives when the job pauses, a held progress
 * never arrives after {@code job.finished}, and nothing but progress is ever dropped — with the same events
 * of every job in both tabs.
 *
 * <p>Scaled to keep the suite short: the shared platform's window is 1 s (not 5 s) and each job reports for
 * 3 s (three windows; the 12 s at 5 s is 2.4 windows). Half the jobs then finish at once (their held
 * progress must be dropped); the other half pause for two windows first, so their trailing progress is due.
 */
class ProgressThrottlingIT {

    private static final int JOBS = 20;
    private static final int PROGRESS_PER_JOB = 60; // every 50 ms for 3 s
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration CLOCK_TOLERANCE = Duration.ofMillis(200);

    private final Platform platform = Platform.shared();
    private final HeraldApi api = new HeraldApi(platform);
    private final Duration window = Platform.SHARED_THROTTLE_WINDOW;

    @Test
    void progressIsThinnedPerJobWhileEveryOtherEventArrivesInOrder() throws Exception {
        User user = api.createUser("throttle-" + UUID.randomUUID().toString().substring(0, 8));
        String channel = user.exportsChannel();
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(UUID.randomUUID().toString());
        }
        Published published = new Published();

        try (NatsPublisher nats = new NatsPublisher(platform);
             WsClient tab1 = WsClient.connect(platform.heraldWs(0, "/ws", api.socketToken(user)));
             WsClient tab2 = WsClient.connect(platform.heraldWs(platform.realtimeInstances() - 1, "/ws", api.socketToken(user)));
             CentrifugeJsClient sdkTab = CentrifugeJsClient.start(platform, user.apiKey(), Map.of())) {
            tab1.awaitConnected(WAIT);
            tab2.awaitConnected(WAIT);
            sdkTab.await(e -> "subscribed".equals(e.path("kind").asText()) && channel.equals(e.path("channel").asText()), WAIT);

            for (String guid : jobs) {
                publish(nats, published, channel, Events.jobCreated(guid));
            }
            // 60 ticks, 50 ms apart: every job reports progress; half-way, each job is requeued once (P4).
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            AtomicInteger tick = new AtomicInteger();
            ticker.scheduleAtFixedRate(() -> {
                int t = tick.incrementAndGet();
                if (t > PROGRESS_PER_JOB) {
                    return;
                }
                for (String guid : jobs) {
                    publish(nats, published, channel, Events.jobProgress(guid, t, PROGRESS_PER_JOB));
                    if (t == PROGRESS_PER_JOB / 2) {
                        publish(nats, published, channel, Events.jobRequeued(guid));
                    }
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            Awaitility.await().atMost(WAIT).until(() -> tick.get() > PROGRESS_PER_JOB);
            ticker.shutdown();
            assertTrue(ticker.awaitTermination(10, TimeUnit.SECONDS));

            // Half the jobs finish at once: their held progress must be dropped, never delivered after
            // job.finished (P2, P3). The other half pause for two windows first: their trailing progress is due.
            List<String> quick = jobs.subList(0, JOBS / 2);
            List<String> paused = jobs.subList(JOBS / 2, JOBS);
            for (String guid : quick) {
                publish(nats, published, channel, Events.jobFinished(guid, PROGRESS_PER_JOB));
            }
            long lastProgress = published.offsets(channel).get(published.offsets(channel).size() - 1);
            ZonedDateTime quietUntil = nats.streamTime(lastProgress).plus(window.multipliedBy(2));
            Awaitility.await().atMost(WAIT).until(() -> ZonedDateTime.now().isAfter(quietUntil));
            for (String guid : paused) {
                publish(nats, published, channel, Events.jobFinished(guid, PROGRESS_PER_JOB));
            }

            for (WsClient tab : List.of(tab1, tab2)) {
                Awaitility.await().atMost(WAIT).until(() -> tab.events(channel).stream()
                        .filter(f -> "job.finished".equals(f.path("event").asText())).count() == JOBS);
            }
            // Watch both tabs for two more windows: no job's progress ever shows up after its job.finished.
            Awaitility.await("no progress after job.finished (P3)").during(window.multipliedBy(2)).atMost(window.multipliedBy(4))
                    .until(() -> List.of(tab1, tab2).stream().allMatch(t -> progressAfterFinished(t.events(channel)).isEmpty()));

            List<JsonNode> seen1 = tab1.events(channel);
            List<JsonNode> seen2 = tab2.events(channel);
            published.assertFaithfulPerJob(channel, seen1, () -> "tab 1\n" + platform.logTails());
            published.assertFaithfulPerJob(channel, seen2, () -> "tab 2\n" + platform.logTails());
            assertEquals(Published.offsetsPerJob(seen1), Published.offsetsPerJob(seen2),
                    "both realtime instances deliver the same events of every job (P5)\n" + platform.logTails());
            // The third tab speaks the Centrifugo protocol (official SDK): the same thinned sequence per job.
            Awaitility.await().atMost(WAIT).until(() -> sdkTab.events("publication").stream()
                    .filter(p -> "job.finished".equals(p.path("data").path("event").asText())).count() == JOBS);
            List<JsonNode> sdkSeen = sdkTab.events("publication").stream().map(p -> {
                ObjectNode frame = p.path("data").deepCopy();
                frame.put("channel", p.path("channel").asText());
                // a late trailing progress comes without an offset (the SDK must not move its position back)
                frame.put("offset", p.hasNonNull("offset") ? p.path("offset").asLong()
                        : published.offsetOf(channel, p.path("data")));
                return (JsonNode) frame;
            }).toList();
            published.assertFaithfulPerJob(channel, sdkSeen, () -> "SDK tab\n" + platform.logTails());
            assertEquals(Published.offsetsPerJob(seen1), Published.offsetsPerJob(sdkSeen),
                    "the Centrifugo protocol delivers the same events of every job (P5)");

            Map<String, List<JsonNode>> byJob = new LinkedHashMap<>();
            seen1.forEach(f -> byJob.computeIfAbsent(f.path("guid").asText(), g -> new ArrayList<>()).add(f));
            assertEquals(JOBS, byJob.size());
            for (String guid : jobs) {
                checkJob(guid, byJob.get(guid), nats, paused.contains(guid));
            }
            var delivered = byJob.values().stream().mapToLong(l -> l.stream().filter(Published::isProgress).count()).summaryStatistics();
            System.out.printf("throttling: %d jobs x %d progress published, delivered per job min %d max %d (window %s)%n",
                    JOBS, PROGRESS_PER_JOB, delivered.getMin(), delivered.getMax(), window);
        }
    }

    private void checkJob(String guid, List<JsonNode> seen, NatsPublisher nats, boolean pausedBeforeFinishing) {
        List<String> types = seen.stream().map(f -> f.path("event").asText()).toList();
        String where = "job " + guid + " saw " + types;
        // P4: the non-progress events all arrive, in order.
        assertEquals(List.of("job.created", "job.requeued", "job.finished"),
                types.stream().filter(t -> !t.equals("job.progress")).toList(), where);
        assertEquals("job.finished", types.get(types.size() - 1), where);
        List<JsonNode> progress = seen.stream().filter(f -> "job.progress".equals(f.path("event").asText())).toList();
        // P0: the first progress arrives at once.
        assertEquals(1, progress.get(0).path("current").asInt(), where);
        if (pausedBeforeFinishing) {
            // P2: the latest progress arrives when its window closes (the job paused before finishing).
            assertEquals(PROGRESS_PER_JOB, progress.get(progress.size() - 1).path("current").asInt(), where);
        }
        // P1: at most one progress per window of the job's reporting time (plus the leading edge).
        ZonedDateTime first = nats.streamTime(progress.get(0).path("offset").asLong());
        ZonedDateTime last = nats.streamTime(progress.get(progress.size() - 1).path("offset").asLong());
        // Each delivery opens a window, and a trailing progress was published inside the previous one, so n
        // deliveries span at least (n - 2) windows of stream time. The tolerance covers the realtime-service
        // estimating stream time from its own timer between events.
        long span = Duration.between(first, last).toMillis();
        long allowed = (span + CLOCK_TOLERANCE.toMillis()) / window.toMillis() + 2;
        assertTrue(progress.size() <= allowed, () -> where + ": " + progress.size() + " progress events over " + span
                + " ms of stream time, at most " + allowed + " allowed with a " + window + " window");
        assertTrue(progress.size() < PROGRESS_PER_JOB / 4, () -> where + ": progress was not thinned");
        // P3: progress stays in order and never follows a later non-progress event.
        int previous = 0;
        for (JsonNode p : progress) {
            assertTrue(p.path("current").asInt() > previous, where);
            previous = p.path("current").asInt();
        }
    }

    private static long publish(NatsPublisher nats, Published published, String channel, ObjectNode event) {
        long offset = nats.publish(channel, event);
        published.add(channel, offset, event);
        return offset;
    }

    /** Progress frames delivered after their job's {@code job.finished}. */
    private static List<JsonNode> progressAfterFinished(List<JsonNode> frames) {
        java.util.Set<String> finished = new java.util.HashSet<>();
        List<JsonNode> late = new ArrayList<>();
        for (JsonNode f : frames) {
            if ("job.finished".equals(f.path("event").asText())) {
                finished.add(f.path("guid").asText());
            } else if (Published.isProgress(f) && finished.contains(f.path("guid").asText())) {
                late.add(f);
            }
        }
        return late;
    }
}
