package io.herald.schema.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Objects;

/**
 * Server → client: an unsubscription is confirmed.
 *
 * @param type always {@link #TYPE}
 * @param channel the channel
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnsubscribedFrame(String type, String channel) {

    /** The frame type. */
    public static final String TYPE = "unsubscribed";

    /**
     * Checks the components; a null {@code type} means {@link #TYPE}.
     *
     * @throws IllegalArgumentException when {@code type} is another frame's
     */
    public UnsubscribedFrame {
        if (type == null) {
            type = TYPE;
        } else if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("not a unsubscribed frame: " + type);
        }
        Objects.requireNonNull(channel, "channel");
    }

    /**
     * The confirmation.
     *
     * @param channel the channel
     * @return the frame
     */
    public static UnsubscribedFrame of(String channel) {
        return new UnsubscribedFrame(TYPE, channel);
    }
}
