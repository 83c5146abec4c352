package io.herald.schema.frame;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;


/**
 * Client → server: keep-alive.
 *
 * @param type always {@link #TYPE}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PingFrame(String type) {

    /** The frame type. */
    public static final String TYPE = "ping";

    /**
     * Checks the components; a null {@code type} means {@link #TYPE}.
     *
     * @throws IllegalArgumentException when {@code type} is another frame's
     */
    public PingFrame {
        if (type == null) {
            type = TYPE;
        } else if (!TYPE.equals(type)) {
            throw new IllegalArgumentException("not a ping frame: " + type);
        }
    }

    /**
     * A ping frame.
     *
     * @return the frame
     */
    public static PingFrame of() {
        return new PingFrame(TYPE);
    }
}
