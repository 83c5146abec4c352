package io.herald.schema.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Objects;

/**
 * Server → client: the connection is established; names the user and the channels subscribed server-side.
 *
 * @param type always {@link #TYPE}
 * @param message  a human-readable confirmation
 * @param userId   the user id: Herald sends the UUID string; the commerce backend sent an integer
 * @param channels the channels subscribed automatically, or null
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectedFrame(String type, String message, Object userId, @Nullable List<String> channels) {

    /** The frame type. */
    public static final String TYPE = "connected";

    /**
     * Checks the components; a null {@code type} means {@link #TYPE}.
     *
     * @throws IllegalArgumentException when {@code type} is another frame's
     */
    public ConnectedFrame {
        if (type == null) {
            type = TYPE;
        } else if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("not a connected frame: " + type);
        }
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(userId, "userId");
        channels = channels == null ? null : List.copyOf(channels);
    }

    /** The message Herald sends. */
    public static final String MESSAGE = "WebSocket connection established";

    /**
     * The frame Herald sends on open.
     *
     * @param userUuid the user
     * @param channels the auto-subscribed channels
     * @return the frame
     */
    public static ConnectedFrame of(String userUuid, List<String> channels) {
        return new ConnectedFrame(TYPE, MESSAGE, userUuid, channels);
    }
}
