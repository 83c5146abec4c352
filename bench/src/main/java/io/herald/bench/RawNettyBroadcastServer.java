package io.herald.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
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
import io.netty.channel.socket.nio.NioServerSocketChannel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: the least a Netty WebSocket server must do to broadcast the events of the Herald
 * JetStream stream. Clients connect to {@code /ws?channel=<full channel>} (for example {@code order_changes@t1}) and
 * get {@code {"type":"subscribed"}} once registered. Events come from an ordered push consumer on
 * {@code <prefix>.ch.>} (the same input path as realtime-service); each is encoded once (the event JSON with
 * {@code channel} and {@code offset} appended, as Herald does) into one {@link TextWebSocketFrame} shared by all
 * subscribers through {@code retainedDuplicate()}. Writes happen on each connection's own event loop: one task per
 * event loop drains every pending event, writes them to its subscribers and flushes each touched connection once.
 * No validation, throttling, limits, auth or slow-client protection: that is the point of a baseline.
 *
 * <p>{@code POST /api/publish {"channel": "...", "data": {...}}} (with {@code X-API-Key}) is the least an HTTP publish
 * API with the same guarantee as Herald's must do: the body is parsed, {@code data} is published to JetStream on
 * {@code <prefix>.ch.<channel>} and the answer carries the stream offset once JetStream acknowledged it; the event then
 * reaches subscribers through the same consumer as NATS-published ones. No validation of the event.
 *
 * <pre>java -cp ... io.herald.bench.RawNettyBroadcastServer --port 18100 --nats nats://127.0.0.1:4222 --prefix herald_bench_x</pre>
 */
public final class RawNettyBroadcastServer implements AutoCloseable {

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers;
    private final Map<EventLoop, Shard> shards = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final Channel serverChannel;
    private final Connection nats;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiKey;
    private JetStream js;
    private String subjectPrefix;

    public RawNettyBroadcastServer(int port, String natsUrl, String prefix, int workerThreads) throws Exception {
        this(port, natsUrl, prefix, workerThreads, null);
    }

    public RawNettyBroadcastServer(int port, String natsUrl, String prefix, int workerThreads, String apiKey) throws Exception {
        this.apiKey = apiKey;
        workers = new MultiThreadIoEventLoopGroup(workerThreads, NioIoHandler.newFactory());
        serverChannel = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new Publisher(),
                        new WebSocketServerProtocolHandler("/ws", null, false, 65536, false, true), new Subscriber());
                }
            }).bind("127.0.0.1", port).sync().channel();
        nats = Nats.connect(natsUrl);
        js = nats.jetStream();
        Dispatcher dispatcher = nats.createDispatcher();
        subjectPrefix = prefix + ".ch.";
        int prefixLength = subjectPrefix.length();
        js.subscribe(subjectPrefix + ">", dispatcher, msg -> broadcast(msg, prefixLength), false,
            PushSubscribeOptions.builder().ordered(true)
                .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build()).build());
    }

    public int port() {
        return ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public long connections() {
        return connections.get();
    }

    public long deliveries() {
        return deliveries.get();
    }

    private void broadcast(Message msg, int prefixLength) {
        String channel = msg.getSubject().substring(prefixLength);
        byte[] data = msg.getData();
        long offset = msg.metaData().streamSequence();
        // Encode once: the event with "channel" and "offset" appended (what Herald sends), shared by every subscriber.
        byte[] tail = (",\"channel\":\"" + channel + "\",\"offset\":" + offset + "}").getBytes(StandardCharsets.UTF_8);
        int end = data.length - 1;
        while (end > 0 && data[end] != '}') {
            end--;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(data, 0, end), Unpooled.wrappedBuffer(tail));
        TextWebSocketFrame frame = new TextWebSocketFrame(buf);
        for (Shard shard : shards.values()) {
            shard.offer(channel, frame.retainedDuplicate());
        }
        frame.release();
    }

    private Shard shard(EventLoop loop) {
        return shards.computeIfAbsent(loop, Shard::new);
    }

    /** The subscribers served by one event loop; only that loop touches {@link #byChannel}. */
    private final class Shard implements Runnable {
        final EventLoop loop;
        final Map<String, List<Channel>> byChannel = new HashMap<>();
        final Queue<Object[]> pending = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();

        Shard(EventLoop loop) {
            this.loop = loop;
        }

        void offer(String channel, TextWebSocketFrame frame) {
            pending.add(new Object[] {channel, frame});
            if (scheduled.compareAndSet(false, true)) {
                loop.execute(this);
            }
        }

        @Override
        public void run() {
            scheduled.set(false);
            Map<Channel, Boolean> touched = new IdentityHashMap<>();
            Object[] next;
            while ((next = pending.poll()) != null) {
                TextWebSocketFrame frame = (TextWebSocketFrame) next[1];
                List<Channel> subscribers = byChannel.get((String) next[0]);
                if (subscribers != null) {
                    for (Channel ch : subscribers) {
                        ch.write(frame.retainedDuplicate(), ch.voidPromise());
                        touched.put(ch, Boolean.TRUE);
                    }
                    deliveries.addAndGet(subscribers.size());
                }
                frame.release();
            }
            touched.keySet().forEach(Channel::flush);
        }
    }

    /** {@code POST /api/publish}: parse, publish to JetStream, answer the offset; other requests pass on. */
    private final class Publisher extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!request.method().equals(HttpMethod.POST) || !request.uri().startsWith("/api/publish")) {
                ctx.fireChannelRead(request.retain());
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String key = request.headers().get("X-API-Key");
            if (apiKey != null && (key == null || !java.security.MessageDigest.isEqual(
                    key.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8)))) {
                respond(ctx, HttpResponseStatus.UNAUTHORIZED, "{}", keepAlive);
                return;
            }
            String channel;
            byte[] data;
            try {
                byte[] body = new byte[request.content().readableBytes()];
                request.content().readBytes(body);
                JsonNode root = JSON.readTree(body);
                channel = root.get("channel").asText();
                data = JSON.writeValueAsBytes(root.get("data"));
            } catch (Exception e) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, "{}", keepAlive);
                return;
            }
            js.publishAsync(subjectPrefix + channel, data).whenComplete((ack, error) -> respond(ctx,
                error == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                error == null ? "{\"channel\":\"" + channel + "\",\"offset\":" + ack.getSeqno() + "}" : "{}", keepAlive));
        }

        private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String json, boolean keepAlive) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            ctx.writeAndFlush(response);
        }
    }

    private final class Subscriber extends SimpleChannelInboundHandler<WebSocketFrame> {
        private String channel;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete complete) {
                List<String> wanted = new QueryStringDecoder(complete.requestUri()).parameters().get("channel");
                if (wanted == null || wanted.isEmpty()) {
                    ctx.close();
                    return;
                }
                channel = wanted.get(0);
                shard(ctx.channel().eventLoop()).byChannel.computeIfAbsent(channel, c -> new ArrayList<>()).add(ctx.channel());
                connections.incrementAndGet();
                ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"subscribed\",\"channel\":\"" + channel + "\"}"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            // inbound client frames are ignored (pings are answered by the protocol handler)
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (channel != null) {
                List<Channel> list = shard(ctx.channel().eventLoop()).byChannel.get(channel);
                if (list != null && list.remove(ctx.channel())) {
                    connections.decrementAndGet();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() throws Exception {
        nats.close();
        serverChannel.close().sync();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).sync();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Main.options(args);
        int port = Integer.parseInt(opts.getOrDefault("port", "18100"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", String.valueOf(2 * Runtime.getRuntime().availableProcessors())));
        RawNettyBroadcastServer server = new RawNettyBroadcastServer(port, opts.getOrDefault("nats", "nats://127.0.0.1:4222"),
            opts.getOrDefault("prefix", "herald"), threads, opts.get("api-key"));
        System.out.println("raw netty broadcast server ready on " + server.port());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
        server.close();
    }
}
