package io.herald.schema.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Objects;

/**
 * Server → client: a subscription is confirmed, with recovery information when the subscribe frame had {@code since}.
 *
 * @param type always {@link #TYPE}
 * @param channel   the channel as the client wrote it
 * @param offset    the channel's latest offset, or null
 * @param epoch     the stream epoch, or null
 * @param recovered whether every missed event was replayed, or null when no recovery was asked for
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscribedFrame(String type, String channel, @Nullable Long offset, @Nullable String epoch, @Nullable Boolean recovered) {

    /** The frame type. */
    public static final String TYPE = "subscribed";

    /**
     * Checks the components; a null {@code type} means {@link #TYPE}.
     *
     * @throws IllegalArgumentException when {@code type} is another frame's
     */
    public SubscribedFrame {
        if (type == null) {
            type = TYPE;
        } else if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("not a subscribed frame: " + type);
        }
        Objects.requireNonNull(channel, "channel");
    }

    /**
     * A plain confirmation.
     *
     * @param channel the channel as the client wrote it
     * @return the frame
     */
    public static SubscribedFrame of(String channel) {
        return new SubscribedFrame(TYPE, channel, null, null, null);
    }
}
