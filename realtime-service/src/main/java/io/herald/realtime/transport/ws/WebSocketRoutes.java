package io.herald.realtime.transport.ws;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.CharsetUtil;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the WebSocket endpoints directly on Netty, inside Micronaut's HTTP server (same port, same TLS and event
 * loops): a shared handler right after the HTTP codec of every HTTP/1.1 connection looks at each request; an upgrade
 * to a path a {@link WebSocketEndpoint} serves is answered with Netty's RFC 6455 handshake, Micronaut's HTTP handlers
 * leave that connection's pipeline, and a {@link WebSocketConnection} takes their place. Every other request goes on to
 * Micronaut untouched, so the HTTP APIs stay controllers.
 *
 * <p>Why not Micronaut's {@code @ServerWebSocket}: it keeps a session object, the upgrade request and a frame handler
 * per connection (about 8 KB of heap with Herald's state, against 2.5 KB for a plain Netty WebSocket) and runs the
 * upgrade through its routing, filters and argument binding, which cost a tenth of the accept rate of plain Netty.
 */
@Singleton
public final class WebSocketRoutes implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketRoutes.class);

    /** The hard cap on an inbound message (the configured limit, at most this, is checked by the protocols). */
    public static final int HARD_FRAME_LIMIT = 1_048_576;

    private static final String UPGRADE_HANDLER = "herald-websocket-upgrade";

    private final List<WebSocketEndpoint> endpoints;
    private final Upgrade upgrade = new Upgrade();
    private final WebSocketServerHandshakerFactory handshakers = new WebSocketServerHandshakerFactory("/", null,
        WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(HARD_FRAME_LIMIT).allowExtensions(false)
            .closeOnProtocolViolation(true).build());

    WebSocketRoutes(List<WebSocketEndpoint> endpoints) {
        this.endpoints = new ArrayList<>(endpoints);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    /** Adds the upgrade handler to every HTTP/1.1 request pipeline (HTTP/2 and HTTP/3 streams are not WebSocket). */
    private final class Customizer implements NettyServerCustomizer {
        private final Channel channel;

        Customizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel == null) {
                return;
            }
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null && pipeline.get(UPGRADE_HANDLER) == null) {
                pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, UPGRADE_HANDLER, upgrade);
            }
        }
    }

    private WebSocketEndpoint endpointFor(String path) {
        for (WebSocketEndpoint endpoint : endpoints) {
            if (endpoint.serves(path)) {
                return endpoint;
            }
        }
        return null;
    }

    /** Stateless and shared by every connection: costs nothing per connection and one type check per request. */
    @ChannelHandler.Sharable
    private final class Upgrade extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && request.method() == HttpMethod.GET
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                QueryStringDecoder uri = new QueryStringDecoder(request.uri());
                WebSocketEndpoint endpoint = endpointFor(uri.path());
                if (endpoint != null) {
                    upgrade(ctx, request, uri, endpoint);
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }

        private void upgrade(ChannelHandlerContext ctx, HttpRequest request, QueryStringDecoder uri, WebSocketEndpoint endpoint) {
            FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
            Channel channel = ctx.channel();
            // RFC 6455 only (version 13, what every browser and SDK sends): the frames are built for it once per event,
            // and Netty's older drafts (00, 07, 08) are not served
            boolean rfc6455 = "13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
            WebSocketServerHandshaker handshaker = rfc6455 ? handshakers.newHandshaker(full) : null;
            if (handshaker == null) {
                // 426 with the version this server speaks (RFC 6455 §4.4)
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
                return;
            }
            String key = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
            if (key == null || key.isBlank()) {
                // a malformed upgrade gets a readable HTTP answer, not a dropped connection
                FullHttpResponse bad = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.BAD_REQUEST,
                    Unpooled.copiedBuffer("WebSocket upgrade without Sec-WebSocket-Key", CharsetUtil.UTF_8));
                bad.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, bad.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ChannelPipeline pipeline = ctx.pipeline();
            // Micronaut's HTTP handlers after this one (keep-alive, compression, routing) leave this connection, and
            // its idle timeout with them: the protocols run their own heartbeats. Micronaut keeps a reference to its
            // request handler for the connection's lifetime (graceful shutdown), and a removed handler's context still
            // points at its neighbours of the moment: so the request handler leaves last, once only live handlers
            // surround it, and the HTTP codec and the rest can be collected.
            String inbound = ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND;
            boolean keepInbound = pipeline.get(inbound) != null;
            List<String> names = pipeline.names();
            for (int i = names.indexOf(ctx.name()) + 1; i < names.size(); i++) {
                String name = names.get(i);
                if (!name.equals(inbound) && pipeline.get(name) != null) {
                    pipeline.remove(name);
                }
            }
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_IDLE_STATE) != null) {
                pipeline.remove(ChannelPipelineCustomizer.HANDLER_IDLE_STATE);
            }
            WebSocketConnection connection = new WebSocketConnection(channel);
            if (keepInbound) {
                pipeline.addBefore(inbound, "herald-ws-utf8", new Utf8FrameValidator(false));
                pipeline.addBefore(inbound, "herald-ws-aggregator", new WebSocketFrameAggregator(HARD_FRAME_LIMIT));
                pipeline.addBefore(inbound, "herald-ws", connection);
            } else {
                pipeline.addLast("herald-ws-utf8", new Utf8FrameValidator(false));
                pipeline.addLast("herald-ws-aggregator", new WebSocketFrameAggregator(HARD_FRAME_LIMIT));
                pipeline.addLast("herald-ws", connection);
            }
            pipeline.remove(this);
            // Micronaut's HTTP handler reads on demand; from now on the connection reads whenever data arrives
            channel.config().setAutoRead(true);
            handshaker.handshake(channel, full).addListener(done -> {
                if (keepInbound && pipeline.get(inbound) != null) {
                    pipeline.remove(inbound);
                }
                if (!done.isSuccess()) {
                    LOG.debug("WebSocket handshake on {} failed: {}", channel.id(), String.valueOf(done.cause()));
                    channel.close();
                }
            });
            Handshake handshake = new Handshake(uri.path(), uri, request.headers());
            try {
                connection.listener(endpoint.accept(connection, handshake));
            } catch (RuntimeException e) {
                // never leave a connection without a listener: the client could not tell
                LOG.warn("connection {} could not be opened: {}", channel.id(), e.toString());
                connection.close(1011, "internal error", 1000);
            }
        }
    }
}
