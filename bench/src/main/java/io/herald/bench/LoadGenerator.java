package io.herald.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * N WebSocket clients on one Netty event loop group (low overhead, so the load generator measures the server rather
 * than itself). Each client optionally sends one text frame after the handshake (Herald's {@code subscribe}), counts
 * as ready on the first {@code "subscribed"} frame, and records publish→receive latency of every event from the
 * {@code "sent":<System.nanoTime() / 1000>} the publisher (same process) embedded in the event's {@code data}.
 */
public final class LoadGenerator implements AutoCloseable {

    /** Latency histogram resolution and range: 50 µs buckets up to 60 s. */
    private static final long BUCKET_NANOS = 50_000;
    private static final int BUCKETS = 1_200_000;
    private static final byte[] SENT = "\"sent\":".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicLong ready = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receivedBytes = new AtomicLong();
    private volatile String sample;
    private volatile long lastReceiveNanos;
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
    private final Map<Integer, AtomicLong> closeCodes = new ConcurrentHashMap<>();
    /** With {@link #trace(int)}: the sent time (µs, publisher's clock) and latency (µs) of each delivery of the window. */
    private volatile long[] trace;
    private final AtomicInteger traced = new AtomicInteger();

    public LoadGenerator(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /**
     * Opens {@code count} clients, at most {@code inFlight} handshakes at a time; {@code uri.apply(i)} and
     * {@code firstFrame.apply(i)} (may return null) give client i's address and first frame; a client is ready once a
     * text frame containing {@code readyMarker} arrives (e.g. {@code "type":"subscribed"}).
     */
    public void connect(int count, int inFlight, IntFunction<URI> uri, IntFunction<String> firstFrame, String readyMarker) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        for (int i = 0; i < count; i++) {
            permits.acquire();
            URI target = uri.apply(i);
            String first = firstFrame.apply(i);
            Client client = new Client(permits, first, readyMarker);
            WebSocketClientProtocolHandler handshake = new WebSocketClientProtocolHandler(
                WebSocketClientHandshakerFactory.newHandshaker(target, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20),
                false); // close frames reach Client, so their codes are counted
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536), handshake, client);
                    }
                });
            bootstrap.connect(target.getHost(), target.getPort()).addListener(f -> {
                if (!f.isSuccess()) {
                    closeCodes.computeIfAbsent(-1, k -> new AtomicLong()).incrementAndGet();
                    client.release();
                }
            });
        }
    }

    public long ready() {
        return ready.get();
    }

    public long received() {
        return received.get();
    }

    /** Payload bytes of the events received since the last {@link #reset()}. */
    public long receivedBytes() {
        return receivedBytes.get();
    }

    /** The first event frame received, as text (null before one arrived). */
    public String sample() {
        return sample;
    }

    /** System.nanoTime() of the last event received. */
    public long lastReceiveNanos() {
        return lastReceiveNanos;
    }

    /** Close codes seen, plus -1 connect failed, -2 exception, -3 TCP closed before the client was ready, -4 handshake timed out. */
    public Map<Integer, AtomicLong> closeCodes() {
        return closeCodes;
    }

    /** Keeps the sent time and latency of up to {@code max} deliveries from the next {@link #reset()} on. */
    public void trace(int max) {
        trace = new long[2 * max];
    }

    /**
     * Writes the traced deliveries, one per line: the publisher's wall-clock time of sending in ms (from
     * {@code wallMillis} and {@code nanos} read together) and the latency in µs.
     */
    public void writeTrace(Path file, long wallMillis, long nanos) throws IOException {
        long[] t = trace;
        int n = Math.min(traced.get(), t.length / 2);
        StringBuilder out = new StringBuilder(n * 24);
        for (int i = 0; i < n; i++) {
            long sentWallMicros = wallMillis * 1000 + (t[2 * i] - nanos / 1000);
            out.append(sentWallMicros / 1000).append('.').append(String.format(Locale.ROOT, "%03d", sentWallMicros % 1000))
                .append(' ').append(t[2 * i + 1]).append('\n');
        }
        Files.writeString(file, out);
    }

    /** Clears the received count and the latency histogram (start of a measured window). */
    public void reset() {
        received.set(0);
        receivedBytes.set(0);
        traced.set(0);
        for (int i = 0; i < BUCKETS; i++) {
            histogram.set(i, 0);
        }
    }

    /** The q-quantile of recorded latencies in milliseconds (bucket upper bound), or NaN when none. */
    public double quantileMillis(double q) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += histogram.get(i);
        }
        if (total == 0) {
            return Double.NaN;
        }
        long target = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += histogram.get(i);
            if (seen >= target) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return BUCKETS * BUCKET_NANOS / 1e6;
    }

    private void record(ByteBuf content) {
        long now = System.nanoTime();
        int at = indexOf(content, SENT);
        if (at < 0) {
            return;
        }
        long sentMicros = 0;
        for (int i = at + SENT.length; i < content.writerIndex(); i++) {
            byte b = content.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            sentMicros = sentMicros * 10 + (b - '0');
        }
        received.incrementAndGet();
        receivedBytes.addAndGet(content.readableBytes());
        if (sample == null) {
            sample = content.toString(StandardCharsets.UTF_8);
        }
        lastReceiveNanos = now;
        int bucket = (int) Math.min(BUCKETS - 1, Math.max(0, (now - sentMicros * 1000) / BUCKET_NANOS));
        histogram.incrementAndGet(bucket);
        long[] t = trace;
        if (t != null) {
            int i = traced.getAndIncrement();
            if (2 * i + 1 < t.length) {
                t[2 * i] = sentMicros;
                t[2 * i + 1] = now / 1000 - sentMicros;
            }
        }
    }

    private static int indexOf(ByteBuf buf, byte[] needle) {
        int end = buf.writerIndex() - needle.length;
        outer:
        for (int i = buf.readerIndex(); i <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private final class Client extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final Semaphore permits;
        private final String first;
        private final String marker;
        private boolean released;
        private boolean subscribed;

        Client(Semaphore permits, String first, String marker) {
            this.permits = permits;
            this.first = first;
            this.marker = marker;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                permits.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                synchronized (channels) {
                    channels.add(ctx.channel());
                }
                if (first != null) {
                    ctx.writeAndFlush(new TextWebSocketFrame(first));
                }
                release();
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                closeCodes.computeIfAbsent(-4, k -> new AtomicLong()).incrementAndGet(); // no 101 within 10 s
                release();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame) {
                ByteBuf content = frame.content();
                if (content.readableBytes() == 2 && content.getByte(content.readerIndex()) == '{'
                    && content.getByte(content.readerIndex() + 1) == '}') {
                    ctx.writeAndFlush(new TextWebSocketFrame("{}")); // Centrifugo ping → pong
                    return;
                }
                if (!subscribed) {
                    if (indexOf(content, SENT) < 0) {
                        if (content.toString(StandardCharsets.UTF_8).contains(marker)) {
                            subscribed = true;
                            ready.incrementAndGet();
                        }
                        return;
                    }
                }
                record(content);
            } else if (frame instanceof CloseWebSocketFrame close) {
                closeCodes.computeIfAbsent(close.statusCode(), k -> new AtomicLong()).incrementAndGet();
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!subscribed) {
                closeCodes.computeIfAbsent(-3, k -> new AtomicLong()).incrementAndGet(); // closed before ready
            }
            release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeCodes.computeIfAbsent(-2, k -> new AtomicLong()).incrementAndGet();
            release();
            ctx.close();
        }
    }

    /** Closes every client (TCP close, no close handshake) and waits for it. */
    public void disconnectAll() {
        List<Channel> all;
        synchronized (channels) {
            all = new ArrayList<>(channels);
            channels.clear();
        }
        for (Channel ch : all) {
            if (ch != null) {
                ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        disconnectAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
