package io.herald.bus;

import java.time.Duration;

/**
 * A durable, at-least-once consumer of every channel ({@link EventBus#consume}).
 *
 * @param name          the consumer's name; instances using the same name share its position and its events
 * @param ackWait       how long a delivered event may stay unacknowledged before it is delivered again
 * @param maxDeliver    after this many deliveries without an acknowledgement the event is dead-lettered instead of
 *                      delivered again; {@code -1} never gives up
 * @param batchSize     how many events are fetched at once
 * @param maxAckPending how many delivered events may wait for their acknowledgement at once (back-pressure)
 */
public record DurableSubscription(String name, Duration ackWait, int maxDeliver, int batchSize, int maxAckPending) {

    /** Validates the settings (uniform {@link IllegalArgumentException} messages). */
    public DurableSubscription {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("durable consumer name must match [A-Za-z0-9_-]{1,64}, was " + name);
        }
        if (ackWait == null || ackWait.toMillis() < 100) {
            throw new IllegalArgumentException("ackWait must be at least 100 ms, was " + ackWait);
        }
        if (maxDeliver == 0 || maxDeliver < -1) {
            throw new IllegalArgumentException("maxDeliver must be positive or -1, was " + maxDeliver);
        }
        if (batchSize < 1 || maxAckPending < 1) {
            throw new IllegalArgumentException("batchSize and maxAckPending must be positive, were " + batchSize + ", "
                + maxAckPending);
        }
    }

    /**
     * @param name    the consumer's name
     * @param ackWait how long an event may stay unacknowledged
     * @return a subscription that never gives up on an event, fetching 100 at a time, at most 10,000 unacknowledged
     */
    public static DurableSubscription of(String name, Duration ackWait) {
        return new DurableSubscription(name, ackWait, -1, 100, 10_000);
    }
}
