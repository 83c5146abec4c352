package io.herald.bus;

/**
 * One event as stored in the bus.
 *
 * @param channel         the full channel name
 * @param offset          its offset: strictly increasing within a channel (the JetStream stream sequence)
 * @param timestampMillis the bus's timestamp for it, epoch milliseconds (the only clock the throttle uses)
 * @param data            the event JSON (UTF-8), as published
 */
public record BusEvent(String channel, long offset, long timestampMillis, byte[] data) {
}
