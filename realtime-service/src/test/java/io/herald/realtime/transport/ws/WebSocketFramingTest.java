package io.herald.realtime.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Frames built once are exactly what Netty's client-side decoder reads, for every length encoding. */
class WebSocketFramingTest {

    static String decoded(byte[] wire) {
        // a client's decoder: expects unmasked frames from the server
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        client.writeInbound(Unpooled.wrappedBuffer(wire));
        TextWebSocketFrame frame = client.readInbound();
        try {
            return frame.text();
        } finally {
            frame.release();
            client.finishAndReleaseAll();
        }
    }

    @Test
    void everyLengthEncodingDecodesToThePayload() {
        for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 300_000}) {
            String text = "é".repeat(length / 2) + "x".repeat(length % 2);
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            byte[] wire = WebSocketFraming.frame(payload);
            assertThat(decoded(wire)).as("length %d", payload.length).isEqualTo(text);
        }
    }

    @Test
    void theSamePayloadArrayIsFramedOnceAndAnEqualButDistinctOneAfresh() {
        byte[] payload = "{\"event\":\"order:updated\"}".getBytes(StandardCharsets.UTF_8);
        byte[] first = WebSocketFraming.text(payload);
        assertThat(WebSocketFraming.text(payload)).isSameAs(first);
        byte[] copy = payload.clone();
        byte[] other = WebSocketFraming.text(copy);
        assertThat(other).isNotSameAs(first).isEqualTo(first);
        ByteBuf check = Unpooled.wrappedBuffer(other);
        assertThat(check.getUnsignedByte(0)).isEqualTo((short) 0x81);
    }
}
