package io.herald.bus;

/**
 * A control command as every subscribed instance receives it (see {@link EventBus#broadcast}).
 *
 * @param topic     the control topic, e.g. {@code sessions}
 * @param timestamp when the bus stored it, epoch milliseconds (stream time)
 * @param payload   the command as published (the bus does not read it)
 */
public record ControlMessage(String topic, long timestamp, byte[] payload) {
}
