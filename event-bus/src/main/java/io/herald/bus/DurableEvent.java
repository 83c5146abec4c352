package io.herald.bus;

import java.time.Duration;

/**
 * One delivery of a stored event to a {@link EventBus#consume durable consumer}; acknowledge it once it is safely
 * handled, or ask for it again later.
 *
 * @param channel         the full channel name
 * @param offset          the event's offset (stream sequence)
 * @param timestampMillis the bus's timestamp for it, epoch milliseconds
 * @param data            the event JSON (UTF-8), as published
 * @param deliveryCount   1 on the first delivery, 2 on the first redelivery, …
 * @param acknowledgement how the bus is told the outcome (use {@link #ack()} and {@link #nak(Duration)})
 */
public record DurableEvent(String channel, long offset, long timestampMillis, byte[] data, long deliveryCount,
                           Acknowledgement acknowledgement) {

    /** Marks the event handled: it is never delivered to this consumer again. */
    public void ack() {
        acknowledgement.ack();
    }

    /**
     * Asks for the event again after a delay (or dead-letters it when its deliveries are used up).
     *
     * @param delay how long to wait before the redelivery
     */
    public void nak(Duration delay) {
        acknowledgement.nak(delay);
    }

    /** How a bus receives the outcome of one delivery. */
    public interface Acknowledgement {

        /** The event is handled. */
        void ack();

        /** @param delay deliver again after this delay */
        void nak(Duration delay);
    }
}
