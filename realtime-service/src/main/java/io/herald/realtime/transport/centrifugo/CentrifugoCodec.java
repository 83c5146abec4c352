package io.herald.realtime.transport.centrifugo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.herald.schema.EventBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes Centrifugo JSON frames. The hot path is {@link #publicationPush}: the hub calls it <em>once</em> per event
 * and channel name as written by the subscribers, and every Centrifugo subscriber of that name gets the same bytes.
 *
 * <p>Field names are the {@code .proto} snake_case names; zero, empty and false values are omitted, as the
 * protocol's JSON encoding does; {@code data} is the event JSON spliced in unchanged (never parsed or re-serialised).
 */
public final class CentrifugoCodec {

    /** A server ping, and the client's pong: an empty object. */
    public static final String PING = "{}";

    /** {@link #PING} as UTF-8. */
    static final byte[] PING_BYTES = PING.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    // trailing bytes after a command's JSON are a bad request, as in Centrifugo's decoder
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // the last late variant made (every subscriber of a channel is handed the same push)
    private static volatile byte[][] lastLate = new byte[2][];

    private static final byte[] PUSH_HEAD = bytes("{\"push\":{\"channel\":\"");
    private static final byte[] PUB_DATA = bytes("\",\"pub\":{\"data\":");
    private static final byte[] OFFSET = bytes(",\"offset\":");
    private static final byte[] PUSH_TAIL_WITH_OFFSET = bytes("}}}");

    private CentrifugoCodec() {
    }

    /**
     * Encodes a publication push: {@code {"push":{"channel":"<name>","pub":{"data":<event>,"offset":N}}}}.
     *
     * <p>Hand-written rather than through Jackson: it is the one encoding done per delivered event, and splicing
     * the already-validated event bytes between two constant byte arrays costs one array allocation and no JSON
     * parsing, where a generator would copy through a char buffer.
     *
     * @param channel the channel name as the subscribers wrote it (for tenant short names this differs from the
     *                published name, so encode once per distinct written name)
     * @param offset  the publication's offset (omitted when 0)
     * @param event   the event JSON (UTF-8), embedded raw (on one line); must be one valid JSON value
     * @return the frame's UTF-8 bytes (share them; never modify)
     */
    public static byte[] publicationPush(String channel, long offset, byte[] event) {
        byte[] data = EventBytes.singleLine(event); // the SDK splits frames at line breaks
        byte[] name = bytes(escape(channel));
        byte[] off = offset > 0 ? Long.toString(offset).getBytes(StandardCharsets.US_ASCII) : null;
        int size = PUSH_HEAD.length + name.length + PUB_DATA.length + data.length
                + (off == null ? 0 : OFFSET.length + off.length) + PUSH_TAIL_WITH_OFFSET.length;
        byte[] out = new byte[size];
        int at = put(out, 0, PUSH_HEAD);
        at = put(out, at, name);
        at = put(out, at, PUB_DATA);
        at = put(out, at, data);
        if (off != null) {
            at = put(out, at, OFFSET);
            at = put(out, at, off);
        }
        put(out, at, PUSH_TAIL_WITH_OFFSET);
        return out;
    }

    /**
     * The publication push without its {@code offset}, for a subscriber already sent a higher offset on the channel (a
     * trailing progress released after later events): centrifuge-js moves its position only for publications that
     * carry an offset, so the client's position does not go back.
     *
     * @param push a push from {@link #publicationPush}
     * @return the same push with no offset (the input when it has none)
     */
    public static byte[] withoutOffset(byte[] push) {
        byte[][] cached = lastLate;
        if (cached[0] == push) {
            return cached[1];
        }
        int end = push.length - PUSH_TAIL_WITH_OFFSET.length;
        int digits = end;
        while (digits > 0 && push[digits - 1] >= '0' && push[digits - 1] <= '9') {
            digits--;
        }
        int start = digits - OFFSET.length;
        if (digits == end || start < 0
                || !java.util.Arrays.equals(push, start, digits, OFFSET, 0, OFFSET.length)) {
            return push;
        }
        byte[] out = new byte[push.length - (end - start)];
        System.arraycopy(push, 0, out, 0, start);
        System.arraycopy(push, end, out, start, push.length - end);
        lastLate = new byte[][] {push, out};
        return out;
    }

    // ---- replies (not on the fan-out path; Jackson tree with raw values for event data) ----

    static String reply(int id, String method, ObjectNode result) {
        ObjectNode reply = MAPPER.createObjectNode();
        reply.put("id", id);
        reply.set(method, result);
        return write(reply);
    }

    static String error(int id, CentrifugoErrorCode code) {
        ObjectNode reply = MAPPER.createObjectNode();
        reply.put("id", id);
        ObjectNode error = reply.putObject("error");
        error.put("code", code.code());
        error.put("message", code.message());
        if (code.temporary()) {
            error.put("temporary", true);
        }
        return write(reply);
    }

    static ObjectNode subscribeResult(CentrifugoBackend.Subscribed result, boolean wasRecovering) {
        ObjectNode node = MAPPER.createObjectNode();
        // Every Herald channel is backed by the stream, so every subscription is recoverable and positioned.
        node.put("recoverable", true);
        putPosition(node, result.position());
        node.put("positioned", true);
        if (wasRecovering) {
            node.put("was_recovering", true);
            if (result.recovered()) {
                node.put("recovered", true);
                if (!result.publications().isEmpty()) {
                    node.set("publications", publications(result.publications()));
                }
            }
        }
        return node;
    }

    static ObjectNode historyResult(CentrifugoBackend.History history) {
        ObjectNode node = MAPPER.createObjectNode();
        if (!history.publications().isEmpty()) {
            node.set("publications", publications(history.publications()));
        }
        putPosition(node, history.position());
        return node;
    }

    static ArrayNode publications(List<CentrifugoBackend.Publication> pubs) {
        ArrayNode array = MAPPER.createArrayNode();
        for (CentrifugoBackend.Publication pub : pubs) {
            ObjectNode p = array.addObject();
            p.putRawValue("data", new RawValue(new String(EventBytes.singleLine(pub.data()), StandardCharsets.UTF_8)));
            if (pub.offset() > 0) {
                p.put("offset", pub.offset());
            }
        }
        return array;
    }

    static JsonNode parse(String line) throws IOException {
        return MAPPER.readTree(line);
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private static void putPosition(ObjectNode node, CentrifugoBackend.Position position) {
        if (!position.epoch().isEmpty()) {
            node.put("epoch", position.epoch());
        }
        if (position.offset() > 0) {
            node.put("offset", position.offset());
        }
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a Centrifugo reply", e);
        }
    }

    /** JSON string escaping for channel names (Herald's names never need it; a defensive, cheap pass). */
    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.append(String.format("\\u%04x", (int) c));
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int put(byte[] out, int at, byte[] src) {
        System.arraycopy(src, 0, out, at, src.length);
        return at + src.length;
    }
}
