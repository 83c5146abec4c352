package io.herald.bus.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.bus.contract.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The throttle rules P0–P5 with a fake stream clock: every decision is a function of the input sequence alone. */
class ProgressThrottleTest {

    static final long W = 5_000;
    static final long MEMORY = 60_000;
    final List<String> out = new ArrayList<>();
    final ProgressThrottle<String> throttle = new ProgressThrottle<>(W, MEMORY, 3, out::add);

    void progress(String job, long t, String name) {
        throttle.accept("exports:u", job, Lifecycle.PROGRESS, t, name);
    }

    void other(String job, long t, String name) {
        throttle.accept("exports:u", job, Lifecycle.OTHER, t, name);
    }

    void terminal(String job, long t, String name) {
        throttle.accept("exports:u", job, Lifecycle.TERMINAL, t, name);
    }

    void reopen(String job, long t, String name) {
        throttle.accept("exports:u", job, Lifecycle.REOPEN, t, name);
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
        other("a", 200, "a-updated");
        progress("a", 300, "a3");
        throttle.advanceTo(100_000);
        assertThat(out).containsExactly("a1", "a-updated", "a3");
    }

    @Test
    void p3ProgressPublishedAfterTheTerminalEventIsDroppedUntilTheJobIsReopened() {
        progress("a", 0, "a1");
        terminal("a", 100, "a-finished");
        progress("a", 10_000, "a-late");
        progress("a", 20_000, "a-later");
        throttle.advanceTo(40_000);
        assertThat(out).containsExactly("a1", "a-finished");
        assertThat(throttle.droppedCount()).isEqualTo(2);
        reopen("a", 41_000, "a-requeued");
        progress("a", 42_000, "a2");
        terminal("a", 43_000, "a-failed");
        progress("a", 44_000, "a-after-fail");
        assertThat(out).containsExactly("a1", "a-finished", "a-requeued", "a2", "a-failed");
    }

    @Test
    void p3TerminalJobsAreRememberedForTheStreamsMaxAgeOnly() {
        terminal("a", 0, "a-finished");
        progress("a", MEMORY - 1, "dropped");
        progress("a", MEMORY + 1, "remembered no longer");
        assertThat(out).containsExactly("a-finished", "remembered no longer");
    }

    @Test
    void p3TerminalMemoryIsBounded() {
        terminal("a", 0, "a-end");
        terminal("b", 1, "b-end");
        terminal("c", 2, "c-end");
        terminal("d", 3, "d-end");
        assertThat(throttle.terminalJobs()).isEqualTo(3);
        progress("a", 10, "a-forgotten-first");
        progress("d", 11, "d-dropped");
        assertThat(out).containsExactly("a-end", "b-end", "c-end", "d-end", "a-forgotten-first");
    }

    @Test
    void p3TerminalIsPerChannel() {
        terminal("a", 0, "a-finished");
        throttle.accept("export.a.job", "a", Lifecycle.PROGRESS, 10, "other-channel");
        assertThat(out).containsExactly("a-finished", "other-channel");
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
        throttle.accept("job:other", "a", Lifecycle.PROGRESS, 0, "other-a1");
        progress("a", 10, "a2");
        assertThat(out).containsExactly("a1", "b1", "other-a1");
    }

    @Test
    void eventsWithoutAJobPassThrough() {
        throttle.accept("notifications:u", null, Lifecycle.PROGRESS, 0, "n1");
        throttle.accept("notifications:u", null, Lifecycle.PROGRESS, 1, "n2");
        assertThat(out).containsExactly("n1", "n2");
    }

    @Test
    void p5SameInputGivesTheSameOutputRegardlessOfTimerTicks() {
        List<String> ticked = new ArrayList<>();
        ProgressThrottle<String> withTicks = new ProgressThrottle<>(W, MEMORY, 3, ticked::add);
        long[] times = {0, 100, 2_000, 4_000, 7_000, 7_100, 13_000, 13_500, 13_600};
        boolean[] progress = {true, true, true, true, true, true, false, true, true};
        for (int i = 0; i < times.length; i++) {
            Lifecycle lifecycle = progress[i] ? Lifecycle.PROGRESS : Lifecycle.OTHER;
            throttle.accept("c", "j", lifecycle, times[i], "e" + i);
            withTicks.advanceTo(times[i] - 1);
            withTicks.accept("c", "j", lifecycle, times[i], "e" + i);
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
        assertThatThrownBy(() -> new ProgressThrottle<String>(0, MEMORY, 3, s -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
