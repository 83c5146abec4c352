package io.herald.realtime.hub;

/**
 * One validated, throttled event ready for fan-out to the subscribers of a channel.
 *
 * @param channel   the full channel name (as published)
 * @param offset    the event's offset in its channel (the JetStream stream sequence)
 * @param timestampMillis the stream timestamp, epoch milliseconds (publish→deliver latency is measured from it)
 * @param json      the event JSON object exactly as published (UTF-8)
 */
public record Delivery(String channel, long offset, long timestampMillis, byte[] json) {
}
