package io.herald.realtime.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One upgraded connection's handler on Netty's EmbeddedChannel: frames in, frames and closes out. */
class WebSocketConnectionTest {

    final List<String> texts = new ArrayList<>();
    int pings;
    int closed;

    EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WebSocketConnection connection = new WebSocketConnection(channel);
        connection.listener(new WebSocketListener() {
            @Override
            public void onText(String text) {
                texts.add(text);
            }

            @Override
            public void onPing() {
                pings++;
            }

            @Override
            public void onClosed() {
                closed++;
            }
        });
        channel.pipeline().addLast(connection);
        return channel;
    }

    @Test
    void textAndBinaryMessagesReachTheListenerAsTextAndTheUpgradeLeftoverIsDropped() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        channel.writeInbound(new TextWebSocketFrame("{\"type\":\"ping\"}"));
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.copiedBuffer("{\"b\":1}", StandardCharsets.UTF_8)));
        assertThat(texts).containsExactly("{\"type\":\"ping\"}", "{\"b\":1}");
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsDataAndCountsAsActivity() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("abc", StandardCharsets.UTF_8)));
        PongWebSocketFrame pong = channel.readOutbound();
        assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        pong.release();
        assertThat(pings).isEqualTo(1);
    }

    @Test
    void aClientsCloseIsEchoedWithItsCodeThenTheConnectionCloses() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        CloseWebSocketFrame answer = channel.readOutbound();
        assertThat(answer.statusCode()).isEqualTo(1000);
        answer.release();
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(closed).isEqualTo(1);
        // nothing reaches the protocol after the close
        assertThat(texts).isEmpty();
    }

    @Test
    void theServersCloseIsSentOnceAndTheClientsAnswerEndsTheConnection() {
        EmbeddedChannel channel = channel();
        WebSocketConnection connection = channel.pipeline().get(WebSocketConnection.class);
        connection.close(4001, "invalid or expired token", 5_000);
        connection.close(1001, "again", 5_000);
        CloseWebSocketFrame sent = channel.readOutbound();
        assertThat(sent.statusCode()).isEqualTo(4001);
        assertThat(sent.reasonText()).isEqualTo("invalid or expired token");
        sent.release();
        assertThat((Object) channel.readOutbound()).as("a second close is ignored").isNull();
        assertThat(connection.isOpen()).isFalse();
        channel.writeInbound(new TextWebSocketFrame("late"));
        assertThat(texts).as("messages after our close are not handled").isEmpty();
        channel.writeInbound(new CloseWebSocketFrame(4001, ""));
        assertThat((Object) channel.readOutbound()).as("the client's close is the answer: not echoed").isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aLongReasonIsCutToTheProtocolsLimitAtACharacterBoundary() {
        EmbeddedChannel channel = channel();
        channel.pipeline().get(WebSocketConnection.class).close(4003, "é".repeat(100), 5_000);
        CloseWebSocketFrame sent = channel.readOutbound();
        assertThat(sent.content().readableBytes() - 2).isLessThanOrEqualTo(123);
        assertThat(sent.reasonText()).matches("é+");
        sent.release();
    }

    @Test
    void invalidUtf8Closes1007AndAnOversizedMessage1009() {
        EmbeddedChannel utf8 = channel();
        utf8.pipeline().fireExceptionCaught(new CorruptedFrameException("bad UTF-8"));
        CloseWebSocketFrame invalid = utf8.readOutbound();
        assertThat(invalid.statusCode()).isEqualTo(1007);
        invalid.release();
        EmbeddedChannel big = channel();
        big.pipeline().fireExceptionCaught(new TooLongFrameException("too long"));
        CloseWebSocketFrame tooBig = big.readOutbound();
        assertThat(tooBig.statusCode()).isEqualTo(1009);
        tooBig.release();
    }
}
