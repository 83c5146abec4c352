package io.herald.realtime.transport.ws;

/**
 * Server-to-client WebSocket text frames built once and shared. A server's frames are not masked (RFC 6455 §5.1), so
 * a frame's bytes are the same for every connection: an event fanned out to thousands of connections is framed once
 * and each connection writes the same bytes, instead of building a frame object and a header per connection in
 * Netty's encoder.
 *
 * <p>Fan-out hands the same payload array to every subscriber in a row, so a small cache keyed by the payload's
 * identity finds the frame already built; a miss only costs building it again.
 */
public final class WebSocketFraming {

    private static final int CACHE = 4;

    /** An immutable pair: final fields make a racy read of the cache safe. */
    private record Framed(byte[] payload, byte[] wire) {
    }

    private static final Framed[] RECENT = new Framed[CACHE];
    private static int next;

    private WebSocketFraming() {
    }

    /**
     * @param payload a text message's UTF-8 bytes (shared; never modified)
     * @return the complete frame (FIN, text opcode, unmasked length, payload), from the cache when the same payload
     *     array was framed just before
     */
    public static byte[] text(byte[] payload) {
        for (int i = 0; i < CACHE; i++) {
            Framed f = RECENT[i];
            if (f != null && f.payload == payload) {
                return f.wire;
            }
        }
        byte[] wire = frame(payload);
        // benign race: a lost or overwritten entry only costs a later miss
        int slot = next;
        next = (slot + 1) % CACHE;
        RECENT[slot] = new Framed(payload, wire);
        return wire;
    }

    /** @return the frame of a payload, built afresh */
    static byte[] frame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] wire = new byte[header + length];
        wire[0] = (byte) 0x81; // FIN + text
        if (header == 2) {
            wire[1] = (byte) length;
        } else if (header == 4) {
            wire[1] = 126;
            wire[2] = (byte) (length >>> 8);
            wire[3] = (byte) length;
        } else {
            wire[1] = 127;
            long l = length;
            for (int i = 0; i < 8; i++) {
                wire[2 + i] = (byte) (l >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, wire, header, length);
        return wire;
    }
}
