package io.herald.realtime.transport.herald;

import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.micronaut.json.JsonMapper;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Herald JSON protocol: encodes events and control frames, decodes client frames.
 *
 * <p>An event frame is the event JSON itself with {@code "channel"} and {@code "offset"} appended. The published JSON
 * was validated as an object, so the two fields are spliced in before its closing brace without parsing it again;
 * channel names are restricted to {@code [A-Za-z0-9_@\-:.]}, so they need no escaping.
 */
public final class HeraldProtocol implements ProtocolCodec {

    /** Client frame types. */
    enum Type { SUBSCRIBE, UNSUBSCRIBE, PING, REFRESH }

    /**
     * A decoded client frame.
     *
     * @param type    what the client asks
     * @param channel the channel it wrote (subscribe/unsubscribe)
     * @param since   the offset to recover after, or null
     * @param epoch   the epoch that offset belongs to, or null (then it is assumed current)
     * @param token   the new token (refresh)
     * @param snapshot subscribe: send the channel's current state first ({@code "snapshot": true})
     */
    record ClientFrame(Type type, String channel, Long since, String epoch, String token, boolean snapshot) {
        ClientFrame(Type type, String channel, Long since, String epoch, String token) {
            this(type, channel, since, epoch, token, false);
        }

        ClientFrame(Type type, String channel, Long since, String epoch) {
            this(type, channel, since, epoch, null);
        }
    }

    /** A client frame that could not be decoded; {@code code} is the error frame's code. */
    static final class BadFrame extends Exception {
        final String code;

        BadFrame(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private static final byte[] PONG = "{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LATE = ",\"late\":true}".getBytes(StandardCharsets.US_ASCII);

    // Client frames are read with Jackson directly: trailing bytes after the JSON object are an error.
    private static final ObjectMapper READER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    // the last late variant made: every subscriber of a channel gets the same frame, so one entry serves them all
    private volatile EncodedFrame[] lastLate = new EncodedFrame[2];

    private final JsonMapper mapper;

    /** @param mapper JSON reader/writer for control frames */
    public HeraldProtocol(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public EncodedFrame encode(Delivery delivery, String displayChannel) {
        byte[] json = io.herald.schema.EventBytes.singleLine(delivery.json());
        int end = json.length - 1;
        while (end > 0 && json[end] != '}') {
            end--;
        }
        int before = end - 1;
        while (before > 0 && Character.isWhitespace(json[before])) {
            before--;
        }
        boolean empty = json[before] == '{';
        byte[] tail = ((empty ? "" : ",") + "\"channel\":\"" + displayChannel + "\",\"offset\":" + delivery.offset() + "}")
            .getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[end + tail.length];
        System.arraycopy(json, 0, out, 0, end);
        System.arraycopy(tail, 0, out, end, tail.length);
        return new EncodedFrame(out, delivery.channel(), delivery.offset());
    }

    /** Appends {@code "late":true} to an event frame (whose last byte is its closing brace). */
    @Override
    public EncodedFrame late(EncodedFrame frame) {
        EncodedFrame[] cached = lastLate;
        if (cached[0] == frame) {
            return cached[1];
        }
        byte[] utf8 = frame.utf8();
        byte[] out = java.util.Arrays.copyOf(utf8, utf8.length - 1 + LATE.length);
        System.arraycopy(LATE, 0, out, utf8.length - 1, LATE.length);
        EncodedFrame late = new EncodedFrame(out, frame.channel(), frame.offset());
        lastLate = new EncodedFrame[] {frame, late};
        return late;
    }

    /**
     * @param userId   the user id to show: the token's {@code uid} (a string or an integer, kept as such) when it has
     *                 one, else its {@code sub}
     * @param channels the channels subscribed on connect
     */
    EncodedFrame connected(Object userId, List<String> channels) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "connected");
        frame.put("message", "WebSocket connection established");
        frame.put("userId", userId);
        frame.put("channels", channels);
        return write(frame);
    }

    EncodedFrame subscribed(String channel, Boolean recovered, String epoch, Long offset) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "subscribed");
        frame.put("channel", channel);
        if (recovered != null) {
            frame.put("recovered", recovered);
            frame.put("epoch", epoch);
            frame.put("offset", offset);
        }
        return write(frame);
    }

    EncodedFrame unsubscribed(String channel) {
        return write(frame("unsubscribed", "channel", channel));
    }

    EncodedFrame refreshed(long expiresEpochSeconds) {
        return write(frame("refreshed", "expires", expiresEpochSeconds));
    }

    EncodedFrame tokenExpiring(long expiresEpochSeconds) {
        return write(frame("token_expiring", "expires", expiresEpochSeconds));
    }

    /** A control frame with {@code "type"} first and one more field (Map.of would not keep the order). */
    private static Map<String, Object> frame(String type, String field, Object value) {
        Map<String, Object> frame = new LinkedHashMap<>(4);
        frame.put("type", type);
        frame.put(field, value);
        return frame;
    }

    EncodedFrame pong() {
        return EncodedFrame.control(PONG);
    }

    EncodedFrame error(String code, String message) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.put("message", message);
        frame.put("code", code);
        return write(frame);
    }

    private EncodedFrame write(Map<String, Object> frame) {
        try {
            return EncodedFrame.control(mapper.writeValueAsBytes(frame));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode a control frame", e);
        }
    }

    ClientFrame decode(String text) throws BadFrame {
        JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (IOException | RuntimeException e) {
            throw new BadFrame("invalid_json", "frame is not one valid JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new BadFrame("invalid_json", "frame must be a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new BadFrame("unknown_type", "frame needs a string \"type\": subscribe, unsubscribe, refresh or ping");
        }
        switch (type.asText()) {
            case "ping":
                return new ClientFrame(Type.PING, null, null, null);
            case "refresh":
                JsonNode token = node.get("token");
                if (token == null || !token.isTextual() || token.asText().isEmpty()) {
                    throw new BadFrame("invalid_token", "\"token\" must be a non-empty string");
                }
                return new ClientFrame(Type.REFRESH, null, null, null, token.asText());
            case "subscribe":
            case "unsubscribe":
                JsonNode channel = node.get("channel");
                if (channel == null || !channel.isTextual()) {
                    throw new BadFrame("bad_channel", "\"channel\" must be a string");
                }
                Long since = null;
                JsonNode sinceNode = node.get("since");
                if (sinceNode != null && !sinceNode.isNull()) {
                    if (!sinceNode.isIntegralNumber() || !sinceNode.canConvertToLong() || sinceNode.asLong() < 0) {
                        throw new BadFrame("bad_since", "\"since\" must be a non-negative integer offset");
                    }
                    since = sinceNode.asLong();
                }
                String epoch = null;
                JsonNode epochNode = node.get("epoch");
                if (epochNode != null && !epochNode.isNull()) {
                    if (!epochNode.isTextual()) {
                        throw new BadFrame("bad_since", "\"epoch\" must be a string");
                    }
                    epoch = epochNode.asText();
                }
                JsonNode snapshot = node.get("snapshot");
                if (snapshot != null && !snapshot.isNull() && !snapshot.isBoolean()) {
                    throw new BadFrame("bad_snapshot", "\"snapshot\" must be true or false");
                }
                Type t = "subscribe".equals(type.asText()) ? Type.SUBSCRIBE : Type.UNSUBSCRIBE;
                return new ClientFrame(t, channel.asText(), since, epoch, null, snapshot != null && snapshot.asBoolean());
            default:
                throw new BadFrame("unknown_type", "unknown frame type; expected subscribe, unsubscribe, refresh or ping");
        }
    }
}
