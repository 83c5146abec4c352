package io.herald.realtime.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.auth.Claims;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.transport.LimitsConfiguration;
import io.herald.realtime.transport.NettyTransport;
import io.herald.realtime.transport.ws.WebSocketConnection;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The connection model both protocols share, on the Netty transport over an EmbeddedChannel (no sockets; the event
 * loop runs when the test says so): the bounded outbound queue, the recovery gate, positions and late events, the
 * inbound rate and closing.
 */
class ClientTest {

    static LimitsConfiguration limits(long bytes, int frames) {
        return new LimitsConfiguration(65536, 50, 20, 100, bytes, frames, Duration.ofSeconds(60), Duration.ofSeconds(5),
            Duration.ofSeconds(1), 1000);
    }

    final EmbeddedChannel channel = new EmbeddedChannel();
    final AtomicInteger slow = new AtomicInteger();

    NettyTransport transport;

    Client session(LimitsConfiguration limits) {
        return client(limits, (d, c) -> null);
    }

    Client client(LimitsConfiguration limits, io.herald.realtime.hub.ProtocolCodec codec) {
        transport = new NettyTransport(new WebSocketConnection(channel), limits);
        Client client = new Client(transport, codec, limits.messagesPerSecond(), 3, slow::incrementAndGet,
            CloseCode::code);
        client.authenticated(new Claims("u", "t", List.of(), Instant.MAX));
        return client;
    }

    /** The payload of an unmasked text frame as the session wrote it to the socket (checks the frame header). */
    static String text(ByteBuf wire) {
        assertThat(wire.getUnsignedByte(0)).as("FIN + text opcode").isEqualTo((short) 0x81);
        int marker = wire.getUnsignedByte(1);
        assertThat(marker & 0x80).as("server frames are not masked").isZero();
        int header = marker < 126 ? 2 : marker == 126 ? 4 : 10;
        int length = marker < 126 ? marker : marker == 126 ? wire.getUnsignedShort(2) : (int) wire.getLong(2);
        assertThat(wire.readableBytes()).isEqualTo(header + length);
        return wire.toString(header, length, StandardCharsets.UTF_8);
    }

    static EncodedFrame frame(String text) {
        return EncodedFrame.of(text);
    }

    @Test
    void framesQueuedFromAnyThreadAreWrittenInOrderInOneBatch() {
        Client session = session(limits(1 << 20, 100));
        session.send(frame("a"));
        session.send(frame("b"));
        session.send(frame("c"));
        assertThat((Object) channel.readOutbound()).isNull();
        // three one-byte frames, two header bytes each
        assertThat(transport.pendingBytes()).isEqualTo(9);
        channel.runPendingTasks();
        for (String expected : List.of("a", "b", "c")) {
            ByteBuf written = channel.readOutbound();
            assertThat(text(written)).isEqualTo(expected);
            written.release();
        }
        assertThat(transport.pendingBytes()).isZero();
    }

    @Test
    void crossingTheByteLimitClosesAsSlowAndDiscardsTheQueue() {
        // ten frames of 100 bytes and a two-byte header fill the limit exactly
        Client session = session(limits(1_020, 100));
        String hundred = "x".repeat(100);
        for (int i = 0; i < 10; i++) {
            session.send(frame(hundred));
        }
        assertThat(session.closing()).isFalse();
        session.send(frame("overflow"));
        assertThat(session.closing()).isTrue();
        assertThat(session.closeCode()).isEqualTo(CloseCode.SLOW_CLIENT);
        assertThat(slow).hasValue(1);
        session.send(frame("ignored"));
        assertThat(slow).hasValue(1);
    }

    @Test
    void crossingTheFrameLimitClosesAsSlow() {
        Client session = session(limits(1 << 20, 5));
        for (int i = 0; i < 6; i++) {
            session.send(frame("f" + i));
        }
        assertThat(session.closeCode()).isEqualTo(CloseCode.SLOW_CLIENT);
    }

    @Test
    void recoveryGateHoldsLiveEventsAndDropsThoseTheHistoryCovered() {
        Client session = session(limits(1 << 20, 100));
        session.closeGate("c");
        session.send(new EncodedFrame("live5".getBytes(StandardCharsets.UTF_8), "c", 5));
        session.send(new EncodedFrame("live6".getBytes(StandardCharsets.UTF_8), "c", 6));
        session.send(new EncodedFrame("other".getBytes(StandardCharsets.UTF_8), "d", 1));
        session.openGate("c", List.of(new EncodedFrame("h4".getBytes(StandardCharsets.UTF_8), "c", 4),
            new EncodedFrame("h5".getBytes(StandardCharsets.UTF_8), "c", 5)), frame("subscribed"), 5);
        assertThat(written()).containsExactly("other", "subscribed", "h4", "h5", "live6");
    }

    /** Marks late frames visibly, as the Herald codec adds {@code "late":true}. */
    static final io.herald.realtime.hub.ProtocolCodec MARKING = new io.herald.realtime.hub.ProtocolCodec() {
        @Override
        public EncodedFrame encode(io.herald.realtime.hub.Delivery delivery, String displayChannel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EncodedFrame late(EncodedFrame frame) {
            return new EncodedFrame((frame.text() + "+late").getBytes(StandardCharsets.UTF_8), frame.channel(), frame.offset());
        }
    };

    static EncodedFrame event(String text, long offset) {
        return new EncodedFrame(text.getBytes(StandardCharsets.UTF_8), "c", offset);
    }

    List<String> written() {
        channel.runPendingTasks();
        List<String> texts = new java.util.ArrayList<>();
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            texts.add(text(written));
            written.release();
        }
        return texts;
    }

    Client markingSession() {
        return client(limits(1 << 20, 100), MARKING);
    }

    @Test
    void trailingProgressReleasedDuringRecoveryIsSentLateNotLost() {
        Client session = markingSession();
        session.closeGate("c");
        session.send(event("live10", 10)); // a trailing progress released while history was read
        session.send(event("live13", 13));
        session.openGate("c", List.of(event("h5", 5), event("h12", 12)), frame("subscribed"), 12);
        assertThat(written()).containsExactly("subscribed", "h5", "h12", "live10+late", "live13");
    }

    @Test
    void liveEventTheHistoryAlreadyCarriedIsNotSentTwiceEvenAfterALateHistoryEvent() {
        Client session = markingSession();
        session.closeGate("c");
        session.send(event("live12", 12));
        session.send(event("live13", 13));
        // the replay released the trailing progress 8 after 12, as the live throttle did
        session.openGate("c", List.of(event("h5", 5), event("h12", 12), event("h8", 8)), frame("subscribed"), 12);
        assertThat(written()).containsExactly("subscribed", "h5", "h12", "h8+late", "live13");
    }

    @Test
    void liveEventTheRecoveryCarriedIsDroppedAlsoWhenRoutedAfterTheGateOpened() {
        Client session = markingSession();
        session.closeGate("c");
        session.openGate("c", List.of(event("h5", 5), event("h6", 6)), frame("subscribed"), 6);
        // the history read ran ahead of the live consumer: 6 arrives live only now
        session.send(event("live6", 6));
        session.send(event("live7", 7));
        assertThat(written()).containsExactly("subscribed", "h5", "h6", "live7");
    }

    @Test
    void liveEventBelowWhatWasSentOnTheChannelIsLate() {
        Client session = markingSession();
        session.send(event("e7", 7));
        session.send(event("e5", 5));
        session.send(new EncodedFrame("other3".getBytes(StandardCharsets.UTF_8), "d", 3));
        session.send(event("e8", 8));
        assertThat(written()).containsExactly("e7", "e5+late", "other3", "e8");
        session.forget("c");
        session.send(event("e6", 6));
        assertThat(written()).containsExactly("e6");
    }

    @Test
    void inboundRateIsCountedPerSecond() {
        Client session = session(new LimitsConfiguration(65536, 2, 20, 100, 1 << 20, 100, Duration.ofSeconds(60),
            Duration.ofSeconds(5), Duration.ofSeconds(1), 1000));
        assertThat(List.of(session.countInbound(), session.countInbound(), session.countInbound(), session.countInbound(),
            session.countInbound())).containsExactly(0, 0, 1, 1, 2);
    }

    @Test
    void recoveryGateHoldsAtMostItsLimitThenClosesTheConnection() {
        Client client = markingSession();
        java.util.concurrent.atomic.AtomicInteger hooks = new java.util.concurrent.atomic.AtomicInteger();
        client.onClose(hooks::incrementAndGet);
        client.closeGate("c");
        for (int i = 1; i <= 3; i++) {
            client.send(event("held" + i, i));
        }
        assertThat(client.closing()).isFalse();
        client.send(event("held4", 4));
        assertThat(client.closeCode()).isEqualTo(CloseCode.RECOVERY_OVERFLOW);
        assertThat(hooks).hasValue(1);
        client.close(CloseCode.GOING_AWAY);
        assertThat(hooks).as("closed once").hasValue(1);
        channel.runPendingTasks();
        assertThat(closeFrame()).isEqualTo(4013);
    }

    @Test
    void aProtocolsOwnCloseCodeAndReasonReachTheWire() {
        transport = new NettyTransport(new WebSocketConnection(channel), limits(1 << 20, 100));
        Client client = new Client(transport, MARKING, 50, 100, slow::incrementAndGet, new Client.CloseCodes() {
            @Override
            public int code(CloseCode reason) {
                return 3001;
            }

            @Override
            public String reason(CloseCode reason) {
                return "shutdown";
            }
        });
        client.sendControl("bye".getBytes(StandardCharsets.UTF_8));
        client.close(CloseCode.GOING_AWAY);
        channel.runPendingTasks();
        ByteBuf bye = channel.readOutbound();
        assertThat(text(bye)).as("queued frames are written before the close").isEqualTo("bye");
        bye.release();
        assertThat(closeFrame()).isEqualTo(3001);
        assertThat(client.closeCode()).isEqualTo(CloseCode.GOING_AWAY);
    }

    /** The close frame's code the connection wrote (Netty's frame object, written through the WebSocket encoder). */
    int closeFrame() {
        Object written = channel.readOutbound();
        assertThat(written).isInstanceOf(io.netty.handler.codec.http.websocketx.CloseWebSocketFrame.class);
        io.netty.handler.codec.http.websocketx.CloseWebSocketFrame close =
            (io.netty.handler.codec.http.websocketx.CloseWebSocketFrame) written;
        int code = close.statusCode();
        close.release();
        return code;
    }
}
