package io.herald.schema.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;


/**
 * Server → client: answer to ping.
 *
 * @param type always {@link #TYPE}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PongFrame(String type) {

    /** The frame type. */
    public static final String TYPE = "pong";

    /**
     * Checks the components; a null {@code type} means {@link #TYPE}.
     *
     * @throws IllegalArgumentException when {@code type} is another frame's
     */
    public PongFrame {
        if (type == null) {
            type = TYPE;
        } else if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("not a pong frame: " + type);
        }
    }

    /**
     * A pong frame.
     *
     * @return the frame
     */
    public static PongFrame of() {
        return new PongFrame(TYPE);
    }
}
