package io.herald.bus.contract;

/**
 * Validates an incoming event for its channel against the event contract.
 *
 * <p>A seam in front of {@code io.herald.schema.EventContract} ({@link SchemaEventCheck}), so the pipeline and the
 * publish API can be tested and benchmarked with another contract (e.g. accept-all) without the JSON Schema cost.
 */
public interface EventCheck {

    /**
     * @param channel full channel name
     * @param json    the event (UTF-8)
     * @return the verdict; never throws for bad input
     */
    Verdict check(String channel, byte[] json);
}
