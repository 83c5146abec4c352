package io.herald.schema;

/**
 * The bytes of an event as the WebSocket and SSE frames embed them.
 *
 * <p>Frames splice the stored event JSON in unchanged. A publisher may store pretty-printed JSON (line breaks between
 * tokens), but a Centrifugo client splits every frame it receives at line breaks (several replies may share one frame)
 * and an SSE {@code data:} field ends at one, so an event must be one line there.
 */
public final class EventBytes {

    private EventBytes() {
    }

    /**
     * @param json one JSON value (UTF-8), as validated
     * @return {@code json} itself when it has no line break; else the same JSON with the whitespace between its
     *     tokens removed (strings, numbers and every other byte kept exactly)
     */
    public static byte[] singleLine(byte[] json) {
        for (byte b : json) {
            if (b == '\n' || b == '\r') {
                return withoutWhitespace(json);
            }
        }
        return json;
    }

    // By hand rather than by a parse and a re-serialisation, which would rewrite numbers (1.10 → 1.1, large
    // decimals rounded to a double). A line break can only be whitespace between tokens: JSON strings escape theirs.
    private static byte[] withoutWhitespace(byte[] json) {
        byte[] out = new byte[json.length];
        int n = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : json) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                continue;
            } else if (b == '"') {
                inString = true;
            }
            out[n++] = b;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
