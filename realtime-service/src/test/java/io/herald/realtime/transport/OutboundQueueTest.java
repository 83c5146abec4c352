package io.herald.realtime.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.realtime.transport.ws.WebSocketFraming;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound queues of connections that share one event loop, over real loopback connections: frames handed over
 * from another thread are written in order, each connection is flushed once per batch, the limits count what is not
 * yet written, and a slow client's backlog is dropped.
 */
class OutboundQueueTest {

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<ByteArrayOutputStream> received = new ArrayList<>();
    private final List<AtomicInteger> flushes = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    static LimitsConfiguration limits(long bytes, int frames) {
        return new LimitsConfiguration(65536, 50, 20, 100, bytes, frames, Duration.ofSeconds(60), Duration.ofSeconds(5),
            Duration.ofSeconds(1), 1000);
    }

    /** Opens {@code count} loopback connections on the one loop; the server side of each keeps what it reads. */
    private void connect(int count) throws InterruptedException {
        ServerBootstrap server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel child) {
                    // connections are accepted in the order they were opened (one loop)
                    ByteArrayOutputStream sink = new ByteArrayOutputStream();
                    synchronized (received) {
                        received.add(sink);
                    }
                    child.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext c, Object msg) {
                            ByteBuf buf = (ByteBuf) msg;
                            byte[] bytes = new byte[buf.readableBytes()];
                            buf.readBytes(bytes);
                            buf.release();
                            synchronized (sink) {
                                sink.writeBytes(bytes);
                            }
                        }
                    });
                }
            });
        SocketAddress address = server.bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel().localAddress();
        for (int i = 0; i < count; i++) {
            AtomicInteger flushed = new AtomicInteger();
            flushes.add(flushed);
            Channel channel = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .handler(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushed.incrementAndGet();
                        ctx.flush();
                    }
                })
                .connect(address).sync().channel();
            channels.add(channel);
            int accepted = i + 1;
            await().until(() -> {
                synchronized (received) {
                    return received.size() == accepted;
                }
            });
        }
    }

    /** Holds the loop until the latch opens, so that frames handed over meanwhile form one batch. */
    private CountDownLatch blockLoop() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        loop.execute(() -> {
            blocked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] frames(String... texts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String text : texts) {
            all.writeBytes(WebSocketFraming.text(utf8(text)));
        }
        return all.toByteArray();
    }

    private byte[] receivedBy(int connection) {
        ByteArrayOutputStream sink = received.get(connection);
        synchronized (sink) {
            return sink.toByteArray();
        }
    }

    @Test
    void framesHandedOverFromAnotherThreadAreWrittenInOrderWithOneFlushPerConnectionAndBatch() throws Exception {
        connect(2);
        OutboundQueue a = new OutboundQueue(channels.get(0), limits(1 << 20, 100));
        OutboundQueue b = new OutboundQueue(channels.get(1), limits(1 << 20, 100));
        int flushesBefore = flushes.get(0).get() + flushes.get(1).get();
        CountDownLatch release = blockLoop();
        // interleaved, as a fan-out of several events hands them over
        assertThat(a.offer(utf8("a1"))).isTrue();
        assertThat(b.offer(utf8("b1"))).isTrue();
        assertThat(a.offer(utf8("a2"))).isTrue();
        assertThat(b.offer(utf8("b2"))).isTrue();
        assertThat(a.offer(utf8("a3"))).isTrue();
        // frames handed over and not yet written count, headers included
        assertThat(a.pendingBytes()).isEqualTo(frames("a1", "a2", "a3").length);
        release.countDown();

        byte[] expectedA = frames("a1", "a2", "a3");
        byte[] expectedB = frames("b1", "b2");
        await().until(() -> receivedBy(0).length == expectedA.length && receivedBy(1).length == expectedB.length);
        assertThat(receivedBy(0)).isEqualTo(expectedA);
        assertThat(receivedBy(1)).isEqualTo(expectedB);
        assertThat(flushes.get(0).get() + flushes.get(1).get() - flushesBefore).isEqualTo(2);
        await().until(() -> a.pendingBytes() == 0 && b.pendingBytes() == 0);
    }

    @Test
    void whileAThreadHoldsItsWakeUpsTheLoopIsWokenOncePerFanOutAndAtOnceForALargeOne() throws Exception {
        connect(2);
        OutboundQueue a = new OutboundQueue(channels.get(0), limits(1 << 20, 1000));
        OutboundQueue b = new OutboundQueue(channels.get(1), limits(1 << 20, 1000));
        SingleThreadEventExecutor executor = (SingleThreadEventExecutor) loop.next();
        CountDownLatch release = blockLoop();
        HandOver held = HandOver.hold();
        try {
            assertThat(a.offer(utf8("a1"))).isTrue();
            assertThat(b.offer(utf8("b1"))).isTrue();
            assertThat(a.offer(utf8("a2"))).isTrue();
            // nothing handed to the loop yet: one wake-up comes at the end of the fan-out
            assertThat(executor.pendingTasks()).isZero();
        } finally {
            held.release();
        }
        assertThat(executor.pendingTasks()).isEqualTo(1);
        release.countDown();
        await().until(() -> receivedBy(0).length == frames("a1", "a2").length && receivedBy(1).length == frames("b1").length);
        assertThat(receivedBy(0)).isEqualTo(frames("a1", "a2"));
        assertThat(receivedBy(1)).isEqualTo(frames("b1"));

        // a fan-out larger than the early-wake size wakes the loop once, while it is still handed over
        release = blockLoop();
        held = HandOver.hold();
        List<String> large = new ArrayList<>();
        try {
            assertThat(b.offer(utf8("b2"))).isTrue();
            for (int i = 0; i < HandOver.EARLY_WAKE; i++) {
                large.add("a-" + i);
                assertThat(a.offer(utf8("a-" + i))).isTrue();
            }
            assertThat(executor.pendingTasks()).isEqualTo(1);
        } finally {
            held.release();
        }
        assertThat(executor.pendingTasks()).isEqualTo(1);
        release.countDown();

        List<String> expectedTexts = new ArrayList<>(List.of("a1", "a2"));
        expectedTexts.addAll(large);
        byte[] expectedA = frames(expectedTexts.toArray(String[]::new));
        byte[] expectedB = frames("b1", "b2");
        await().until(() -> receivedBy(0).length == expectedA.length && receivedBy(1).length == expectedB.length);
        assertThat(receivedBy(0)).isEqualTo(expectedA);
        assertThat(receivedBy(1)).isEqualTo(expectedB);
        // without a hold, the first frame of a batch wakes the loop at once
        release = blockLoop();
        assertThat(a.offer(utf8("a-last"))).isTrue();
        assertThat(executor.pendingTasks()).isEqualTo(1);
        release.countDown();
        await().until(() -> a.pendingBytes() == 0 && b.pendingBytes() == 0);
    }

    @Test
    void theLimitsCountWhatIsNotYetWrittenAndFreeUpOnceItIs() throws Exception {
        connect(1);
        OutboundQueue queue = new OutboundQueue(channels.get(0), limits(1 << 20, 3));
        CountDownLatch release = blockLoop();
        assertThat(queue.offer(utf8("1"))).isTrue();
        assertThat(queue.offer(utf8("2"))).isTrue();
        assertThat(queue.offer(utf8("3"))).isTrue();
        release.countDown();
        await().until(() -> receivedBy(0).length == frames("1", "2", "3").length);
        await().until(() -> queue.pendingBytes() == 0);
        // written frames no longer count: three more fit, a fourth not yet written is over the limit
        release = blockLoop();
        assertThat(queue.offer(utf8("4"))).isTrue();
        assertThat(queue.offer(utf8("5"))).isTrue();
        assertThat(queue.offer(utf8("6"))).isTrue();
        assertThat(queue.offer(utf8("7"))).isFalse();
        release.countDown();
        await().until(() -> receivedBy(0).length == frames("1", "2", "3", "4", "5", "6").length);
    }

    @Test
    void aSlowClientsBacklogIsDroppedButOtherConnectionsOfTheLoopGetTheirs() throws Exception {
        connect(2);
        OutboundQueue slow = new OutboundQueue(channels.get(0), limits(1 << 20, 100));
        OutboundQueue other = new OutboundQueue(channels.get(1), limits(1 << 20, 100));
        CountDownLatch release = blockLoop();
        assertThat(slow.offer(utf8("dropped"))).isTrue();
        assertThat(other.offer(utf8("kept"))).isTrue();
        slow.clear();
        release.countDown();
        await().until(() -> receivedBy(1).length == frames("kept").length);
        await().until(() -> slow.pendingBytes() == 0);
        assertThat(receivedBy(0)).isEmpty();
    }

    @Test
    void drainWritesWhatWasHandedOverBeforeTheLoopsNextTask() throws Exception {
        connect(1);
        OutboundQueue queue = new OutboundQueue(channels.get(0), limits(1 << 20, 100));
        CountDownLatch release = blockLoop();
        // what a close does on the loop: write what is queued, then the close frame; this task runs before the batch
        // task the offer below schedules
        byte[] closeMarker = utf8("close");
        loop.execute(() -> {
            queue.drain();
            channels.get(0).writeAndFlush(Unpooled.wrappedBuffer(closeMarker));
        });
        assertThat(queue.offer(utf8("before close"))).isTrue();
        release.countDown();
        byte[] expected = frames("before close");
        await().until(() -> receivedBy(0).length == expected.length + closeMarker.length);
        assertThat(Arrays.copyOf(receivedBy(0), expected.length)).isEqualTo(expected);
        await().until(() -> queue.pendingBytes() == 0);
    }
}
