package io.herald.bus;

/**
 * Outcome of {@link EventBus#publish}.
 *
 * @param channel   the channel published to
 * @param offset    the event's offset (for a duplicate: the offset of the original)
 * @param duplicate true when the bus recognised the message id as a retry and stored nothing new
 */
public record PublishResult(String channel, long offset, boolean duplicate) {
}
