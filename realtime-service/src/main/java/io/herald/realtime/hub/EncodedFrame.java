package io.herald.realtime.hub;

import java.nio.charset.StandardCharsets;

/**
 * A wire frame produced once by a {@link ProtocolCodec} and shared, unchanged, by every session of that protocol.
 *
 * <p>We share a plain UTF-8 {@code byte[]} rather than a reference-counted Netty buffer: transports wrap it
 * without copying ({@code Unpooled.wrappedBuffer}) per write, so there is no per-subscriber JSON work or payload
 * copy on our side and no reference count to leak when a session drops a frame. Netty's WebSocket encoder still
 * copies small payloads once per connection to prepend the frame header, which a per-connection frame needs anyway.
 *
 * @param utf8    the text frame's payload (never modified after construction)
 * @param channel the full channel of the event it carries, or null for control frames
 * @param offset  the event's offset, or 0 for control frames
 */
public record EncodedFrame(byte[] utf8, String channel, long offset) {

    /**
     * @param text a control frame (not an event)
     * @return the frame holding the UTF-8 bytes of {@code text}
     */
    public static EncodedFrame of(String text) {
        return new EncodedFrame(text.getBytes(StandardCharsets.UTF_8), null, 0);
    }

    /**
     * @param bytes a control frame's UTF-8 payload
     * @return the frame
     */
    public static EncodedFrame control(byte[] bytes) {
        return new EncodedFrame(bytes, null, 0);
    }

    /** @return the payload size in bytes */
    public int size() {
        return utf8.length;
    }

    /** @return the payload as a string (tests and diagnostics; not used on the hot path) */
    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
