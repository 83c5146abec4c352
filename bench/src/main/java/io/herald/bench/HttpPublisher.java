package io.herald.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP/1.1 publisher for {@code POST /api/publish}: a fixed pool of keep-alive connections on one Netty event
 * loop, one request in flight per connection (no pipelining), the rest queued in order — what a backend's HTTP client
 * pool does. The JDK's {@code HttpClient} cost this process most of its core at 1,000 requests a second (it shares
 * the core with 2,000 WebSocket clients and NATS), so the latencies measured through it were its own queueing.
 */
final class HttpPublisher implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final String host;
    private final int port;
    private final String apiKey;
    /** Touched on the event loop only. */
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final ArrayDeque<byte[]> queued = new ArrayDeque<>();
    private final List<Channel> all = new ArrayList<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

    HttpPublisher(String host, int port, String apiKey, int connections) throws InterruptedException {
        this.host = host;
        this.port = port;
        this.apiKey = apiKey;
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), new Response());
                }
            });
        for (int i = 0; i < connections; i++) {
            Channel channel = bootstrap.connect(host, port).sync().channel();
            all.add(channel);
            loop.execute(() -> idle.add(channel));
        }
    }

    /** Queues one request; sent as soon as a connection is free. */
    void post(byte[] body) {
        outstanding.incrementAndGet();
        loop.execute(() -> {
            Channel channel = idle.poll();
            if (channel == null) {
                queued.add(body);
            } else {
                send(channel, body);
            }
        });
    }

    /** Waits until every queued request has been answered (or the timeout passed). */
    void awaitAnswered(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** Response status codes counted (-1: connection lost with the request unanswered). */
    Map<Integer, AtomicLong> statuses() {
        return statuses;
    }

    private void send(Channel channel, byte[] body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/publish",
            Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, host + ":" + port)
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
            .set("X-API-Key", apiKey);
        channel.writeAndFlush(request);
    }

    private void answered(Channel channel, int status) {
        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        outstanding.decrementAndGet();
        byte[] next = queued.poll();
        if (next != null) {
            send(channel, next);
        } else {
            idle.add(channel);
        }
    }

    private final class Response extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            answered(ctx.channel(), response.status().code());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!idle.remove(ctx.channel())) {
                // a request was in flight on it
                statuses.computeIfAbsent(-1, k -> new AtomicLong()).incrementAndGet();
                outstanding.decrementAndGet();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        all.forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
