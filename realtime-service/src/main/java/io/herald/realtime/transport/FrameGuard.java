package io.herald.realtime.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * The WebSocket close handshake and UTF-8 check for every Herald WebSocket endpoint, in front of Micronaut's frame
 * handler in the channel's pipeline.
 *
 * <ul>
 *   <li>A client's close frame is answered with a close frame carrying the same code (RFC 6455 §5.5.1) before the TCP
 *       connection is closed, so a normal close is a clean 1000 on the client's side rather than 1006; when the server
 *       had already sent its own close frame, the client's is the answer and the connection just closes.</li>
 *   <li>A text message that is not valid UTF-8 closes with 1007 (RFC 6455 §8.1) instead of reaching the protocol with
 *       replacement characters. Netty's {@link Utf8FrameValidator} checks the bytes (across continuation frames);
 *       this handler turns its failure into the close frame.</li>
 * </ul>
 */
public final class FrameGuard extends ChannelDuplexHandler {

    /** The name of Micronaut's per-connection WebSocket frame handler in the pipeline. */
    static final String MICRONAUT_WEBSOCKET_HANDLER = "websocket-handler";

    private boolean closeSent;

    private FrameGuard() {
    }

    /**
     * Installs the guard (and Netty's UTF-8 validator) before Micronaut's WebSocket handler. Call it from a WebSocket
     * endpoint's open callback (on the event loop): Micronaut calls it while it builds its handler, before adding it
     * to the pipeline, so the guard is added by a task that runs right after — before the next read from the socket.
     *
     * @param channel the upgraded connection
     */
    public static void install(Channel channel) {
        if (!add(channel.pipeline())) {
            channel.eventLoop().execute(() -> add(channel.pipeline()));
        }
    }

    private static boolean add(ChannelPipeline pipeline) {
        if (pipeline.get(FrameGuard.class) != null) {
            return true;
        }
        if (pipeline.get(MICRONAUT_WEBSOCKET_HANDLER) == null) {
            return false;
        }
        pipeline.addBefore(MICRONAUT_WEBSOCKET_HANDLER, "herald-utf8", new Utf8FrameValidator(false));
        pipeline.addBefore(MICRONAUT_WEBSOCKET_HANDLER, "herald-frame-guard", new FrameGuard());
        return true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof CloseWebSocketFrame close) {
            int code = close.statusCode();
            close.release();
            if (closeSent) {
                ctx.close();
                return;
            }
            closeSent = true;
            CloseWebSocketFrame answer = code < 0 ? new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
                : new CloseWebSocketFrame(code, "");
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof CloseWebSocketFrame) {
            if (closeSent) {
                ((CloseWebSocketFrame) msg).release();
                promise.trySuccess();
                return;
            }
            closeSent = true;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedFrameException && !closeSent) {
            closeSent = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_PAYLOAD_DATA))
                .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
