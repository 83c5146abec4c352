package io.herald.schema.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Objects;

/**
 * Server → client: a client frame was refused. {@code code} is one of invalid_json, invalid_frame, unknown_type, bad_channel, not_permitted, rate_limited, too_many_subscriptions, internal.
 *
 * @param type always {@link #TYPE}
 * @param message a readable reason
 * @param code    the machine-readable reason, or null
 * @param channel the channel the refused frame named, or null
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorFrame(String type, String message, @Nullable String code, @Nullable String channel) {

    /** The frame type. */
    public static final String TYPE = "error";

    /**
     * Checks the components; a null {@code type} means {@link #TYPE}.
     *
     * @throws IllegalArgumentException when {@code type} is another frame's
     */
    public ErrorFrame {
        if (type == null) {
            type = TYPE;
        } else if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("not a error frame: " + type);
        }
        Objects.requireNonNull(message, "message");
    }

    /**
     * An error frame.
     *
     * @param code    the reason code
     * @param message the readable reason
     * @return the frame
     */
    public static ErrorFrame of(String code, String message) {
        return new ErrorFrame(TYPE, message, code, null);
    }
}
