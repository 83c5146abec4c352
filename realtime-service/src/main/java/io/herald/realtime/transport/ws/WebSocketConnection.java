package io.herald.realtime.transport.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded WebSocket connection: the last handler of its Netty pipeline and the small transport the protocols
 * write to. It replaces a framework session object per connection with one handler and two fields.
 *
 * <ul>
 *   <li>Text messages go to the {@link WebSocketListener} (binary ones too, read as UTF-8: both protocols speak
 *       JSON); pings are answered with a pong.</li>
 *   <li>The close handshake (RFC 6455 §5.5.1): a client's close frame is answered with a close frame carrying the same
 *       code before the TCP connection is closed, so a normal close is a clean 1000 on the client's side; when the
 *       server had sent its own close frame first, the client's is the answer and the connection just closes.</li>
 *   <li>A text message that is not valid UTF-8 closes with 1007, a message over the hard size cap with 1009.</li>
 * </ul>
 *
 * <p>Frames to the client are written by the protocols' outbound queues straight to {@link #channel()}; this class
 * only owns the close.
 */
public final class WebSocketConnection extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

    private final Channel channel;
    private WebSocketListener listener;
    // event loop only
    private volatile boolean closeSent;
    private boolean closedNotified;

    /**
     * @param channel the upgraded channel (the handler is added to its pipeline by the upgrade; transports' tests use
     *                an EmbeddedChannel)
     */
    public WebSocketConnection(Channel channel) {
        this.channel = channel;
    }

    /** @return the Netty channel under the WebSocket (frames are written to it) */
    public Channel channel() {
        return channel;
    }

    /** @return true while the connection is up and no close frame was sent or answered */
    public boolean isOpen() {
        return channel.isActive() && !closeSent;
    }

    /** @param listener receives the connection's messages (set by the upgrade; by hand in protocol tests) */
    public void listener(WebSocketListener listener) {
        this.listener = listener;
    }

    /**
     * Sends a close frame with the code and reason, then closes the TCP connection when the client answers, or after
     * {@code timeoutMillis} when it does not (a client that does not read never completes the handshake). Any thread;
     * a second close is ignored.
     *
     * @param code          the close code
     * @param reason        the reason (at most 123 bytes of UTF-8 are sent)
     * @param timeoutMillis how long to wait for the client's answer
     */
    public void close(int code, String reason, long timeoutMillis) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> close(code, reason, timeoutMillis));
            return;
        }
        if (closeSent || !channel.isActive()) {
            return;
        }
        closeSent = true;
        channel.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)));
        channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                channel.close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private static String truncate(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] utf8 = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length <= 123) {
            return reason;
        }
        // cut at a character boundary
        int end = 123;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(utf8, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            // the upgrade request's empty last content, read after the handshake took over
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                // a binary message is read as UTF-8 text, as the protocols always did (JSON either way)
                if (!closeSent && listener != null) {
                    listener.onText(frame.content().toString(java.nio.charset.StandardCharsets.UTF_8));
                }
            } else if (frame instanceof PingWebSocketFrame) {
                if (!closeSent) {
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                    if (listener != null) {
                        listener.onPing();
                    }
                }
            } else if (frame instanceof CloseWebSocketFrame close) {
                int code = close.statusCode();
                if (closeSent) {
                    ctx.close();
                    return;
                }
                closeSent = true;
                CloseWebSocketFrame answer = code < 0 ? new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
                    : new CloseWebSocketFrame(code, "");
                ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
            }
            // pongs (answers to nothing we sent) are ignored
        } finally {
            frame.release();
        }
    }

    private void closeWith(ChannelHandlerContext ctx, WebSocketCloseStatus status) {
        if (closeSent) {
            ctx.close();
            return;
        }
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        notifyClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        notifyClosed();
    }

    private void notifyClosed() {
        if (closedNotified) {
            return;
        }
        closedNotified = true;
        if (listener != null) {
            try {
                listener.onClosed();
            } catch (RuntimeException e) {
                LOG.warn("closing connection {}: {}", channel.id(), e.toString());
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeWith(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG);
        } else if (cause instanceof CorruptedFrameException) {
            closeWith(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
        } else {
            // a reset connection and the like: nothing to tell a client that is gone
            LOG.debug("connection {}: {}", channel.id(), cause.toString());
            ctx.close();
        }
    }
}
