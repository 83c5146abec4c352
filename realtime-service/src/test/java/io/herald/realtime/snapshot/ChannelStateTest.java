package io.herald.realtime.snapshot;

import static io.herald.realtime.snapshot.ChannelState.Role.OTHER;
import static io.herald.realtime.snapshot.ChannelState.Role.PROGRESS;
import static io.herald.realtime.snapshot.ChannelState.Role.REOPEN;
import static io.herald.realtime.snapshot.ChannelState.Role.TERMINAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelStateTest {

    static final long WINDOW = 600_000;
    final ChannelState<String> state = new ChannelState<>(WINDOW);

    @Test
    void aJobChannelShowsTheLatestEventOfEachRunningJobInOffsetOrder() {
        state.accept(1, 1_000, "a", OTHER, "a-created");
        state.accept(2, 1_100, "b", OTHER, "b-created");
        state.accept(3, 1_200, "a", PROGRESS, "a-10%");
        state.accept(4, 1_300, "b", PROGRESS, "b-20%");
        state.accept(5, 1_400, "a", PROGRESS, "a-40%");
        assertThat(state.snapshot(2_000)).containsExactly("b-20%", "a-40%");
    }

    @Test
    void aFinishedJobShowsItsTerminalEventWithinTheWindowOnly() {
        state.accept(1, 1_000, "a", PROGRESS, "a-40%");
        state.accept(2, 2_000, "a", TERMINAL, "a-done");
        state.accept(3, 3_000, "b", PROGRESS, "b-10%");
        assertThat(state.snapshot(2_000 + WINDOW)).containsExactly("a-done", "b-10%");
        assertThat(state.snapshot(2_001 + WINDOW)).containsExactly("b-10%");
    }

    @Test
    void progressAfterTheTerminalEventNeverBecomesTheStateUntilTheJobIsReopened() {
        state.accept(1, 1_000, "a", PROGRESS, "a-40%");
        state.accept(2, 1_100, "a", TERMINAL, "a-failed");
        state.accept(3, 1_200, "a", PROGRESS, "a-late-50%");
        state.accept(4, 1_250, "a", OTHER, "a-note");
        assertThat(state.snapshot(2_000)).containsExactly("a-failed");
        state.accept(5, 1_300, "a", REOPEN, "a-requeued");
        assertThat(state.snapshot(2_000)).containsExactly("a-requeued");
        state.accept(6, 1_400, "a", PROGRESS, "a-10%");
        assertThat(state.snapshot(2_000)).containsExactly("a-10%");
    }

    @Test
    void aChannelWithoutJobsShowsItsLatestEvent() {
        state.accept(7, 1_000, "order-1", OTHER, "order-1-created");
        state.accept(9, 1_100, "order-2", OTHER, "order-2-updated");
        state.accept(8, 1_050, null, OTHER, "unkeyed");
        assertThat(state.snapshot(2_000)).containsExactly("order-2-updated");
    }

    @Test
    void unkeyedEventsOfAJobChannelAddTheirLatest() {
        state.accept(1, 1_000, null, OTHER, "n1");
        state.accept(2, 1_000, "a", PROGRESS, "a-10%");
        state.accept(3, 1_000, null, OTHER, "n2");
        assertThat(state.snapshot(2_000)).containsExactly("a-10%", "n2");
    }

    @Test
    void anEmptyChannelHasAnEmptyStateAndTheWindowMustNotBeNegative() {
        assertThat(state.snapshot(0)).isEmpty();
        assertThatThrownBy(() -> new ChannelState<String>(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-1");
    }
}
