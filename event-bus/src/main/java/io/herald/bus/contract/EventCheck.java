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

    /**
     * Validates an event the caller already parsed (the publish API parses a request once).
     *
     * @param channel full channel name
     * @param event   the parsed event
     * @param json    the same event serialised (UTF-8), as it will be published
     * @return the verdict; never throws for bad input
     */
    default Verdict check(String channel, com.fasterxml.jackson.databind.JsonNode event, byte[] json) {
        return check(channel, json);
    }
}
