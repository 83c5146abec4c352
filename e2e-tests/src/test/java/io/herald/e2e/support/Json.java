package io.herald.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one Jackson mapper of the e2e suite, with the few helpers scenarios need. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /**
     * The event as a publisher sent it: the frame minus the fields the Herald protocol adds
     * ({@code channel}, {@code offset}, and where they apply {@code late} and {@code snapshot}).
     */
    public static JsonNode withoutDeliveryFields(JsonNode frame) {
        ObjectNode copy = frame.deepCopy();
        copy.remove("channel");
        copy.remove("offset");
        // "late": a trailing progress released below the channel position; "snapshot": current state on subscribe
        copy.remove("late");
        copy.remove("snapshot");
        return copy;
    }
}
