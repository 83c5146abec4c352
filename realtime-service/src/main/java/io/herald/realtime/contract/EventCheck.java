package io.herald.realtime.contract;

/**
 * Validates an incoming event for its channel against the event contract (DESIGN §2).
 *
 * <p>A seam of our own in front of {@code io.herald.schema.EventContract}: the service depends on this interface, so
 * swapping the interim {@link BuiltinEventCheck} for the event-schema validator touches one factory.
 */
public interface EventCheck {

    /**
     * @param channel full channel name
     * @param json    the event (UTF-8)
     * @return the verdict; never throws for bad input
     */
    Verdict check(String channel, byte[] json);
}
