package io.herald.realtime.recovery;

import io.herald.bus.BusEvent;
import java.util.List;

/**
 * The outcome of a recovery: all or nothing.
 *
 * @param recovered    true when every event after the client's offset was still stored, within the maximum count and
 *                     (when the client named one) in the same epoch; {@code events} are then what it missed
 * @param epoch        the bus epoch the offsets belong to
 * @param latestOffset the channel's latest offset when the history was read (0 when it has none)
 * @param events       the missed events as the throttle delivers them, in delivery order; empty when not recovered
 */
public record Recovery(boolean recovered, String epoch, long latestOffset, List<BusEvent> events) {

    /** Copies. */
    public Recovery {
        events = List.copyOf(events);
    }
}
