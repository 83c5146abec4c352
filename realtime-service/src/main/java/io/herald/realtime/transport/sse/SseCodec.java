package io.herald.realtime.transport.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.transport.herald.HeraldProtocol;
import java.io.IOException;

/**
 * SSE events carry the Herald protocol's event frame (the event JSON with {@code channel} and {@code offset}); the
 * {@code event:} line is the event's type. One encoding is shared by every SSE subscriber of a channel, and the type of
 * the last frame is cached, since every subscriber asks for the same frame's type in turn.
 */
final class SseCodec implements ProtocolCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HeraldProtocol herald;
    private volatile Object[] lastType = new Object[2];

    SseCodec(HeraldProtocol herald) {
        this.herald = herald;
    }

    @Override
    public EncodedFrame encode(Delivery delivery, String displayChannel) {
        return herald.encode(delivery, displayChannel);
    }

    @Override
    public EncodedFrame late(EncodedFrame frame) {
        return herald.late(frame);
    }

    /** @return the event type of an event frame ({@code event} of the export and entity families, else {@code type}) */
    String type(EncodedFrame frame) {
        Object[] cached = lastType;
        if (cached[0] == frame) {
            return (String) cached[1];
        }
        String type = "message";
        try {
            JsonNode node = JSON.readTree(frame.utf8());
            JsonNode name = node.hasNonNull("event") ? node.get("event") : node.get("type");
            if (name != null && name.isTextual()) {
                type = name.asText();
            }
        } catch (IOException e) {
            // published events were validated as JSON objects; a frame that is not one keeps the default type
        }
        lastType = new Object[] {frame, type};
        return type;
    }
}
