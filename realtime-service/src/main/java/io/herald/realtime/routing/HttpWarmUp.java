package io.herald.realtime.routing;

import io.herald.realtime.api.ApiConfiguration;
import io.herald.schema.EventCatalog;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the server's own {@code POST /api/validate} the catalogue's examples a few thousand times over loopback right
 * after start-up, and keeps readiness DOWN ({@code warm-up}) until it is done, so that the JIT has compiled the HTTP
 * API's path — the HTTP codec, routing, filters, argument binding, the JSON parser, the contract check, the response —
 * before a load balancer sends the first real publish. Without it, on a one-core server receiving 1,000 publishes a
 * second, the optimising JIT compiler was still taking a quarter of the core 20–40 s after start-up (the framework's
 * methods run once per request, so they reach the compiler's thresholds only after thousands of requests, and then
 * wait for the core). {@code /api/validate} publishes nothing; the requests are counted in that route's HTTP metrics.
 *
 * <p>{@code herald.realtime.warm-up.requests} (default 10,000; 0 turns it off). It runs only when a server API key is
 * configured (the route needs one), the server speaks plain HTTP and the JVM runs its optimising compiler (not with
 * {@code -XX:TieredStopAtLevel=1}), and not in tests. It gives up after a minute.
 */
@Singleton
@Readiness
@Requires(notEnv = Environment.TEST)
@Requires(property = "herald.realtime.warm-up.requests", notEquals = "0")
final class HttpWarmUp implements ApplicationEventListener<ServerStartupEvent>, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWarmUp.class);
    private static final int CONNECTIONS = 2;
    private static final int PIPELINED = 16;

    private final EventCatalog catalog;
    private final ApiConfiguration api;
    private final int requests;
    private final AtomicInteger answered = new AtomicInteger();
    private volatile boolean running;

    HttpWarmUp(EventCatalog catalog, ApiConfiguration api, @Value("${herald.realtime.warm-up.requests:10000}") int requests) {
        this.catalog = catalog;
        this.api = api;
        this.requests = requests;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        EmbeddedServer server = event.getSource();
        if (api.serverApiKeys().isEmpty() || !"http".equals(server.getScheme()) || !optimisingJit()) {
            return;
        }
        running = true;
        Thread thread = new Thread(() -> {
            try {
                run(server.getPort());
            } finally {
                running = false;
            }
        }, "herald-http-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** False under {@code -XX:TieredStopAtLevel=1..3} (the quick compiler only, as bin/herald runs): nothing to warm. */
    static boolean optimisingJit() {
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return vm == null || Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("warm-up", running ? HealthStatus.DOWN : HealthStatus.UP)
            .details(Map.of("requests", requests, "answered", answered.get()))
            .build());
    }

    /** @return how many requests were answered 200 (it stops at the first other answer) */
    int run(int port) {
        long start = System.nanoTime();
        List<byte[]> bodies = new ArrayList<>();
        for (JitWarmUp.Sample sample : JitWarmUp.samples(catalog)) {
            bodies.add(("{\"channel\":\"" + sample.channel() + "\",\"data\":"
                + new String(sample.json(), StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8));
        }
        if (bodies.isEmpty()) {
            return 0;
        }
        String key = api.serverApiKeys().get(0);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean refused = new AtomicBoolean();
        CountDownLatch closed = new CountDownLatch(CONNECTIONS);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                            new Client(bodies, key, port, next, refused));
                        ch.closeFuture().addListener(f -> closed.countDown());
                    }
                });
            for (int i = 0; i < CONNECTIONS; i++) {
                bootstrap.connect("127.0.0.1", port).addListener(f -> {
                    if (!f.isSuccess()) {
                        closed.countDown();
                    }
                });
            }
            if (!closed.await(60, TimeUnit.SECONDS)) {
                LOG.debug("HTTP warm-up stopped after a minute: {} of {} requests answered", answered.get(), requests);
            } else if (refused.get() || answered.get() < requests) {
                LOG.debug("HTTP warm-up stopped: {} of {} requests answered 200", answered.get(), requests);
            } else {
                LOG.info("JIT warm-up: {} requests to POST /api/validate in {} ms", answered.get(),
                    (System.nanoTime() - start) / 1_000_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // only a missed optimisation: the service works the same without it (e.g. bound to another address)
            LOG.debug("HTTP warm-up stopped: {}", e.toString());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        return answered.get();
    }

    /** One keep-alive connection with up to {@value #PIPELINED} requests in flight. */
    private final class Client extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final List<byte[]> bodies;
        private final String key;
        private final String host;
        private final AtomicInteger next;
        private final AtomicBoolean refused;
        private int inFlight;

        Client(List<byte[]> bodies, String key, int port, AtomicInteger next, AtomicBoolean refused) {
            this.bodies = bodies;
            this.key = key;
            this.host = "127.0.0.1:" + port;
            this.next = next;
            this.refused = refused;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            for (int i = 0; i < PIPELINED; i++) {
                sendNext(ctx.channel());
            }
            ctx.channel().flush();
            closeIfDone(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            inFlight--;
            if (response.status().code() != 200) {
                refused.set(true);
                ctx.close();
                return;
            }
            answered.incrementAndGet();
            if (sendNext(ctx.channel())) {
                ctx.channel().flush();
            }
            closeIfDone(ctx.channel());
        }

        private boolean sendNext(Channel channel) {
            int n = next.getAndIncrement();
            if (n >= requests || refused.get()) {
                return false;
            }
            byte[] body = bodies.get(n % bodies.size());
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/validate",
                Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("X-API-Key", key);
            channel.write(request);
            inFlight++;
            return true;
        }

        private void closeIfDone(Channel channel) {
            if (inFlight == 0) {
                channel.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            refused.set(true);
            ctx.close();
        }
    }
}
