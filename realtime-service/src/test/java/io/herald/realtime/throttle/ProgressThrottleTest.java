package io.herald.realtime.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** P0–P5 of DESIGN §4 with a fake stream clock: every decision is a function of the input sequence alone. */
class ProgressThrottleTest {

    static final long W = 5_000;
    final List<String> out = new ArrayList<>();
    final ProgressThrottle<String> throttle = new ProgressThrottle<>(W, out::add);

    void progress(String job, long t, String name) {
        throttle.accept("exports:u", job, true, t, name);
    }

    void other(String job, long t, String name) {
        throttle.accept("exports:u", job, false, t, name);
    }

    @Test
    void p0FirstProgressIsDeliveredAtOnce() {
        progress("a", 1_000, "a1");
        assertThat(out).containsExactly("a1");
    }

    @Test
    void p0FirstProgressAfterAQuietWindowIsDeliveredAtOnce() {
        progress("a", 0, "a1");
        progress("a", 5_000, "a2");
        progress("a", 20_000, "a3");
        assertThat(out).containsExactly("a1", "a2", "a3");
    }

    @Test
    void p1AtMostOneProgressPerWindowAndP2LatestHeldIsDeliveredWhenTheWindowCloses() {
        progress("a", 0, "a1");
        progress("a", 1_000, "a2");
        progress("a", 2_000, "a3");
        progress("a", 4_999, "a4");
        assertThat(out).containsExactly("a1");
        throttle.advanceTo(4_999);
        assertThat(out).containsExactly("a1");
        throttle.advanceTo(5_000);
        assertThat(out).containsExactly("a1", "a4");
        assertThat(throttle.suppressedCount()).isEqualTo(2);
    }

    @Test
    void p1TrailingDeliveryOpensANewWindow() {
        progress("a", 0, "a1");
        progress("a", 1_000, "a2");
        throttle.advanceTo(5_000);
        progress("a", 6_000, "a3");
        assertThat(out).containsExactly("a1", "a2");
        throttle.advanceTo(9_999);
        assertThat(out).containsExactly("a1", "a2");
        throttle.advanceTo(10_000);
        assertThat(out).containsExactly("a1", "a2", "a3");
    }

    @Test
    void p2NextEventsStreamTimestampClosesTheWindowBeforeTheEventIsHandled() {
        progress("a", 0, "a1");
        progress("a", 1_000, "a2");
        other("b", 7_000, "b-created");
        assertThat(out).containsExactly("a1", "a2", "b-created");
    }

    @Test
    void p2HeldProgressIsDroppedWhenANonProgressEventOfTheJobComesFirst() {
        progress("a", 0, "a1");
        progress("a", 1_000, "a2");
        other("a", 2_000, "a-finished");
        throttle.advanceTo(60_000);
        assertThat(out).containsExactly("a1", "a-finished");
        assertThat(throttle.droppedCount()).isEqualTo(1);
    }

    @Test
    void p3NoProgressAfterALaterNonProgressEventAndJobOrderKept() {
        progress("a", 0, "a1");
        progress("a", 100, "a2");
        other("a", 200, "a-failed");
        progress("a", 300, "a3");
        throttle.advanceTo(100_000);
        assertThat(out).containsExactly("a1", "a-failed", "a3");
    }

    @Test
    void p4NonProgressIsNeverDelayedOrDropped() {
        for (int i = 0; i < 100; i++) {
            other("a", i, "o" + i);
        }
        assertThat(out).hasSize(100).startsWith("o0").endsWith("o99");
    }

    @Test
    void jobsAndChannelsAreThrottledIndependently() {
        progress("a", 0, "a1");
        progress("b", 0, "b1");
        throttle.accept("job:other", "a", true, 0, "other-a1");
        progress("a", 10, "a2");
        assertThat(out).containsExactly("a1", "b1", "other-a1");
    }

    @Test
    void eventsWithoutAJobPassThrough() {
        throttle.accept("notifications:u", null, true, 0, "n1");
        throttle.accept("notifications:u", null, true, 1, "n2");
        assertThat(out).containsExactly("n1", "n2");
    }

    @Test
    void p5SameInputGivesTheSameOutputRegardlessOfTimerTicks() {
        List<String> ticked = new ArrayList<>();
        ProgressThrottle<String> withTicks = new ProgressThrottle<>(W, ticked::add);
        long[] times = {0, 100, 2_000, 4_000, 7_000, 7_100, 13_000, 13_500, 13_600};
        boolean[] progress = {true, true, true, true, true, true, false, true, true};
        for (int i = 0; i < times.length; i++) {
            throttle.accept("c", "j", progress[i], times[i], "e" + i);
            withTicks.advanceTo(times[i] - 1);
            withTicks.accept("c", "j", progress[i], times[i], "e" + i);
        }
        throttle.advanceTo(100_000);
        withTicks.advanceTo(100_000);
        assertThat(ticked).isEqualTo(out);
        assertThat(out).containsExactly("e0", "e3", "e5", "e6", "e8");
    }

    @Test
    void streamTimeNeverGoesBackwards() {
        progress("a", 10_000, "a1");
        throttle.advanceTo(0);
        assertThat(throttle.streamTime()).isEqualTo(10_000);
    }

    @Test
    void stateIsReleasedWhenAWindowEndsWithNothingHeld() {
        progress("a", 0, "a1");
        assertThat(throttle.trackedJobs()).isEqualTo(1);
        throttle.advanceTo(5_000);
        assertThat(throttle.trackedJobs()).isZero();
    }

    @Test
    void windowMustBePositive() {
        assertThatThrownBy(() -> new ProgressThrottle<String>(0, s -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
