package io.herald.schema.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Objects;

/**
 * Client → server: subscribe to a channel, optionally recovering events after offset {@code since}.
 *
 * @param type always {@link #TYPE}
 * @param channel the channel as the client writes it (full name or short entity change name)
 * @param since   the last offset seen, or null
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscribeFrame(String type, String channel, @Nullable Long since) {

    /** The frame type. */
    public static final String TYPE = "subscribe";

    /**
     * Checks the components; a null {@code type} means {@link #TYPE}.
     *
     * @throws IllegalArgumentException when {@code type} is another frame's
     */
    public SubscribeFrame {
        if (type == null) {
            type = TYPE;
        } else if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("not a subscribe frame: " + type);
        }
        Objects.requireNonNull(channel, "channel");
    }

    /**
     * A subscribe frame.
     *
     * @param channel the channel
     * @param since   the last offset seen, or null
     * @return the frame
     */
    public static SubscribeFrame of(String channel, @Nullable Long since) {
        return new SubscribeFrame(TYPE, channel, since);
    }
}
