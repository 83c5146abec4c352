package io.herald.schema;

import java.util.Optional;

/**
 * The frame types of the Herald JSON protocol, with their direction and schema file.
 */
public enum FrameType {
    /** Client → server: subscribe to a channel, optionally recovering from an offset. */
    SUBSCRIBE("subscribe", true),
    /** Client → server: unsubscribe from a channel. */
    UNSUBSCRIBE("unsubscribe", true),
    /** Client → server: keep-alive. */
    PING("ping", true),
    /** Server → client: connection established. */
    CONNECTED("connected", false),
    /** Server → client: subscription confirmed. */
    SUBSCRIBED("subscribed", false),
    /** Server → client: unsubscription confirmed. */
    UNSUBSCRIBED("unsubscribed", false),
    /** Server → client: answer to ping. */
    PONG("pong", false),
    /** Server → client: a client frame was refused. */
    ERROR("error", false);

    private final String wireName;
    private final boolean fromClient;

    FrameType(String wireName, boolean fromClient) {
        this.wireName = wireName;
        this.fromClient = fromClient;
    }

    /**
     * The value of the frame's {@code type} property.
     *
     * @return e.g. {@code subscribe}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether clients send this frame.
     *
     * @return true for subscribe, unsubscribe and ping
     */
    public boolean fromClient() {
        return fromClient;
    }

    /**
     * The schema file, relative to {@code schemas/}.
     *
     * @return e.g. {@code frames/client/subscribe.json}
     */
    public String schemaPath() {
        return "frames/" + (fromClient ? "client/" : "server/") + wireName + ".json";
    }

    /**
     * The frame type with a wire name.
     *
     * @param wireName the {@code type} value
     * @return the type, or empty when unknown
     */
    public static Optional<FrameType> of(String wireName) {
        for (FrameType t : values()) {
            if (t.wireName.equals(wireName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
