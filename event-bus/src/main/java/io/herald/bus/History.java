package io.herald.bus;

import java.util.List;

/**
 * A slice of one channel's history, as read by {@link EventBus#history}.
 *
 * @param events       the events after the requested offset, in order
 * @param complete     false when some events after the requested offset are no longer stored (max age) or were
 *                     cut off by the requested maximum count: the reader missed data
 * @param epoch        the bus epoch the offsets belong to
 * @param latestOffset the channel's latest offset (0 when the channel has no stored event)
 */
public record History(List<BusEvent> events, boolean complete, String epoch, long latestOffset) {
}
