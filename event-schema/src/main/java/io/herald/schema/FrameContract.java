package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validates frames of the Herald JSON protocol against the schemas under {@code schemas/frames/}.
 * Thread-safe; {@link #load()} compiles the schemas once.
 */
public final class FrameContract {

    private final ObjectReader reader = Schemas.reader();
    private final Map<FrameType, JsonSchema> schemas = new EnumMap<>(FrameType.class);

    private FrameContract() {
        for (FrameType t : FrameType.values()) {
            schemas.put(t, Schemas.compile(t.schemaPath()));
        }
    }

    /**
     * The shared, compiled frame contract.
     *
     * @return the instance
     */
    public static FrameContract load() {
        return Holder.INSTANCE;
    }

    /**
     * Validates a frame a client sent ({@code subscribe}, {@code unsubscribe}, {@code ping}).
     *
     * @param json the frame text
     * @return every error; empty when the frame is valid
     */
    public List<ValidationError> validateClientFrame(String json) {
        return validate(json, true);
    }

    /**
     * Validates a frame the server sends ({@code connected}, {@code subscribed}, {@code unsubscribed},
     * {@code pong}, {@code error}). Delivered events are not frames of this kind.
     *
     * @param json the frame text
     * @return every error; empty when the frame is valid
     */
    public List<ValidationError> validateServerFrame(String json) {
        return validate(json, false);
    }

    private List<ValidationError> validate(String json, boolean client) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = reader.readTree(json);
        } catch (IOException e) {
            return List.of(new ValidationError("", "frame is not valid JSON: " + Schemas.describe(e)));
        }
        if (node == null || !node.isObject()) {
            return List.of(new ValidationError("", "frame must be a JSON object"));
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return List.of(new ValidationError("/type", "frame needs a string property 'type'"));
        }
        FrameType type = FrameType.of(typeNode.textValue()).filter(t -> t.fromClient() == client).orElse(null);
        if (type == null) {
            return List.of(new ValidationError("/type", "unknown " + (client ? "client" : "server") + " frame type "
                + ChannelName.quoteForMessage(typeNode.textValue())));
        }
        List<ValidationError> errors = new ArrayList<>(1);
        for (ValidationMessage m : schemas.get(type).validate(node)) {
            errors.add(Schemas.toError(m));
        }
        return errors;
    }

    private static final class Holder {
        static final FrameContract INSTANCE = new FrameContract();
    }
}
