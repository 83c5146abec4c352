package io.herald.schema.event;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * A typed message ({@code schemas/typed-message.json}): workbook, job, notification and dashboard events.
 * The timestamp is kept as written (RFC 3339 text) so a round trip is lossless.
 *
 * @param type      the event type, e.g. {@code job.completed}
 * @param payload   the event data, open
 * @param timestamp RFC 3339 date-time with offset
 */
@Serdeable
public record TypedMessage(String type, Map<String, Object> payload, String timestamp) {

    /**
     * Checks the components.
     */
    public TypedMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * A typed message stamped with an instant.
     *
     * @param type    the event type
     * @param payload the payload
     * @param at      when it happened
     * @return the message, timestamp in UTC ({@code 2026-01-25T10:30:05Z})
     */
    public static TypedMessage of(String type, Map<String, Object> payload, Instant at) {
        return new TypedMessage(type, payload, DateTimeFormatter.ISO_INSTANT.format(at));
    }

    /**
     * The timestamp as an instant.
     *
     * @return the instant
     * @throws java.time.format.DateTimeParseException when the timestamp is not RFC 3339
     */
    public Instant instant() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(timestamp, Instant::from);
    }
}
