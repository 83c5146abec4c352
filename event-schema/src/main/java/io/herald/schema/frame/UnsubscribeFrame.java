package io.herald.schema.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Objects;

/**
 * Client → server: unsubscribe from a channel.
 *
 * @param type always {@link #TYPE}
 * @param channel the channel as subscribed
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnsubscribeFrame(String type, String channel) {

    /** The frame type. */
    public static final String TYPE = "unsubscribe";

    /**
     * Checks the components; a null {@code type} means {@link #TYPE}.
     *
     * @throws IllegalArgumentException when {@code type} is another frame's
     */
    public UnsubscribeFrame {
        if (type == null) {
            type = TYPE;
        } else if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("not a unsubscribe frame: " + type);
        }
        Objects.requireNonNull(channel, "channel");
    }

    /**
     * An unsubscribe frame.
     *
     * @param channel the channel
     * @return the frame
     */
    public static UnsubscribeFrame of(String channel) {
        return new UnsubscribeFrame(TYPE, channel);
    }
}
