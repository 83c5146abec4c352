package io.herald.realtime.routing;

import io.herald.realtime.api.ApiConfiguration;
import io.herald.realtime.api.Rehearsals;
import io.herald.realtime.client.Client;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.transport.RehearsalConnections;
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
import io.netty.channel.ChannelFutureListener;
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
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import jakarta.inject.Singleton;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.ObjectName;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rehearses {@code POST /api/publish} and WebSocket traffic (events out, server pings out, pongs in) over loopback
 * right after start-up and keeps readiness DOWN ({@code warm-up}) until the JIT has compiled those paths, so that a
 * load balancer sends the first real publish, and the first clients, to compiled code.
 *
 * <p>Why: on a one-core server receiving 1,000 publishes a second, the optimising JIT compiler was still taking 25–40 %
 * of the core 20–40 s after start-up. The framework's methods run once per request, so they reach the compiler's
 * thresholds only after thousands of requests, and the compiler then shares the one core with the traffic; a fixed
 * number of warm-up requests ended while hundreds of compilations were still queued. Likewise the WebSocket delivery
 * path (the outbound queue, the loop's writes and flushes) was compiled in the first seconds of the first clients'
 * events, and recompiled when the first server pings went out among them; and Centrifugo clients answer those pings
 * 12–25 s after they connect, so the inbound path (frame decoding, the session's pong) ran for the first time then: on
 * one core, 2,000 clients' deliveries waited behind the compiler each time (a second's p99 rose from 2 to 30–100 ms).
 *
 * <p>How: first {@code herald.realtime.warm-up.requests} requests (default 10,000; 0 turns the warm-up off) with the
 * catalogue's examples, pipelined over two connections, and as many events through {@value #WS_CONNECTIONS} connections
 * to {@code /connection/websocket}; then rounds of {@value #SETTLE_REQUESTS} more of each, one request in flight per
 * connection, until three rounds in a row spent less than a tenth of their time compiling and each ended with nothing
 * compiling or queued for the compiler (the JVM's {@code Compiler.queue}), or {@code herald.realtime.warm-up.max-time}
 * (default 90 s) has passed since the start. Each request carries the server API key and this process's rehearsal key
 * ({@link Rehearsals}): it takes the whole publish route — parsing, validation, the bus client's publish and
 * acknowledgement, the answer — and the bus stores it nowhere. The requests are counted in {@code /api/publish}'s HTTP
 * metrics. The WebSocket connections carry the rehearsal key too, so the endpoint hands their server-side clients to
 * this warm-up ({@link RehearsalConnections}), which sends the catalogue's examples, encoded by each protocol, through
 * them as the hub sends a channel's events (the outbound queue, the event loop's batched writes and flushes, the
 * framing), with a server ping every {@value #PING_EVERY} events, which the connection answers with a pong. They never
 * authenticate and are subscribed to nothing: each ends with a connect without a token, which the server answers by
 * closing it (3500, invalid token), so every pong before it has been handled. They never join the hub, so no
 * connection, subscription or delivery metric counts them.
 *
 * <p>It runs only when the server speaks plain HTTP and the JVM runs its optimising compiler (not with
 * {@code -XX:TieredStopAtLevel=1}), and not in tests; the publish rehearsals only when a server API key is configured
 * (the route needs one).
 */
@Singleton
@Readiness
@Requires(notEnv = Environment.TEST)
@Requires(property = "herald.realtime.warm-up.requests", notEquals = "0")
final class TrafficWarmUp implements ApplicationEventListener<ServerStartupEvent>, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficWarmUp.class);
    private static final int CONNECTIONS = 2;
    private static final int PIPELINED = 16;
    private static final int SETTLE_REQUESTS = 500;
    private static final int QUIET_ROUNDS = 3;
    /** The Centrifugo protocol's close code for a connect without a valid token. */
    private static final int INVALID_TOKEN = 3500;
    private static final int WS_CONNECTIONS = 4;
    private static final int PING_EVERY = 8;
    private static final int FAN_OUT_BATCH = 32;
    private static final int WS_ROUND_EVENTS = 2_000;
    /** The Centrifugo protocol's ping and pong: an empty command. */
    private static final byte[] PING = {'{', '}'};
    private static final byte[] CONNECT_WITHOUT_TOKEN =
        "{\"id\":1,\"connect\":{\"token\":\"\"}}".getBytes(StandardCharsets.US_ASCII);
    /** Channels no event can name (no catalogue namespace has a space): the rehearsal's frames only. */
    private static final String[] REHEARSAL_CHANNELS = {"herald rehearsal 0", "herald rehearsal 1", "herald rehearsal 2",
        "herald rehearsal 3"};

    private final EventCatalog catalog;
    private final ApiConfiguration api;
    private final Rehearsals rehearsals;
    private final int requests;
    private final Duration maxTime;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final RehearsalConnections connections;
    private final List<ProtocolCodec> codecs;
    private List<JitWarmUp.Sample> samples = List.of();
    private volatile boolean running;

    TrafficWarmUp(EventCatalog catalog, ApiConfiguration api, Rehearsals rehearsals, RehearsalConnections connections,
                  List<ProtocolCodec> codecs,
                  @Value("${herald.realtime.warm-up.requests:10000}") int requests,
                  @Value("${herald.realtime.warm-up.max-time:90s}") Duration maxTime) {
        this.catalog = catalog;
        this.api = api;
        this.rehearsals = rehearsals;
        this.connections = connections;
        this.codecs = List.copyOf(codecs.subList(0, Math.min(codecs.size(), REHEARSAL_CHANNELS.length)));
        this.requests = requests;
        this.maxTime = maxTime;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        EmbeddedServer server = event.getSource();
        if (!"http".equals(server.getScheme()) || !optimisingJit()) {
            return;
        }
        running = true;
        Thread thread = new Thread(() -> {
            try {
                run(server.getPort());
            } finally {
                running = false;
            }
        }, "herald-traffic-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** False under {@code -XX:TieredStopAtLevel=1..3} (the quick compiler only, as bin/herald runs): nothing to warm. */
    static boolean optimisingJit() {
        try {
            var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return vm == null || Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("warm-up", running ? HealthStatus.DOWN : HealthStatus.UP)
            .details(Map.of("requests", requests, "answered", answered.get(), "frames", delivered.get(), "pongs", pongs.get()))
            .build());
    }

    /**
     * @return how many requests were answered 200 (the publish rehearsals stop at the first other answer; they do not
     *     run without a server API key)
     */
    int run(int port) {
        long start = System.nanoTime();
        List<byte[]> bodies = new ArrayList<>();
        samples = JitWarmUp.samples(catalog);
        if (!api.serverApiKeys().isEmpty()) {
            for (JitWarmUp.Sample sample : samples) {
                bodies.add(("{\"channel\":\"" + sample.channel() + "\",\"data\":"
                    + new String(sample.json(), StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8));
            }
        }
        String key = api.serverApiKeys().isEmpty() ? null : api.serverApiKeys().get(0);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            long deadline = start + maxTime.toNanos();
            Rounds rounds = new Rounds(group, port, bodies, key, deadline);
            rounds.round(requests, PIPELINED);
            int first = answered.get();
            int firstPongs = pongs.get();
            long firstFrames = delivered.get();
            long firstEnd = System.nanoTime();
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            boolean measurable = jit != null && jit.isCompilationTimeMonitoringSupported();
            int quietRounds = 0;
            while (rounds.going() && measurable && quietRounds < QUIET_ROUNDS) {
                long roundStart = System.nanoTime();
                long compiledBefore = jit.getTotalCompilationTime();
                rounds.round(SETTLE_REQUESTS, 1);
                long compilingMillis = jit.getTotalCompilationTime() - compiledBefore;
                long roundMillis = (System.nanoTime() - roundStart) / 1_000_000;
                // the compile time counts finished compilations only: a long one still running shows in the queue
                quietRounds = compilingMillis * 10 < roundMillis && !compilerBusy() ? quietRounds + 1 : 0;
            }
            if (first == 0 && firstPongs == 0) {
                LOG.debug("warm-up stopped: neither POST /api/publish nor /connection/websocket answered as expected");
            } else {
                LOG.info("JIT warm-up: {} rehearsals of POST /api/publish, {} WebSocket frames out and {} pongs in over "
                        + "/connection/websocket in {} ms, then {}, {} and {} more in {} ms {}", first, firstFrames,
                    firstPongs, (firstEnd - start) / 1_000_000, answered.get() - first, delivered.get() - firstFrames,
                    pongs.get() - firstPongs, (System.nanoTime() - firstEnd) / 1_000_000,
                    rounds.outOfTime ? "(stopped at herald.realtime.warm-up.max-time)"
                        : !rounds.going() ? "(stopped: a rehearsal was refused)"
                        : measurable ? "until the compiler was quiet" : "(this JVM does not report compile time)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // only a missed optimisation: the service works the same without it (e.g. bound to another address)
            LOG.debug("warm-up stopped: {}", e.toString());
        } finally {
            connections.clear(); // none is left waiting for a warm-up that has ended
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        return answered.get();
    }

    /** @return how many pongs the Centrifugo endpoint has handled (each connection's count once the server closed it) */
    int pongs() {
        return pongs.get();
    }

    /** @return how many frames the rehearsal connections' server-side clients sent and the connections received */
    long frames() {
        return delivered.get();
    }

    /** Each round rehearses both routes; a route that refused a rehearsal (or ran out of time) is not tried again. */
    private final class Rounds {
        private final EventLoopGroup group;
        private final int port;
        private final List<byte[]> bodies;
        private final String key;
        private final long deadline;
        private boolean publish;
        private boolean websocket = !samples.isEmpty() && !codecs.isEmpty();
        boolean outOfTime;

        Rounds(EventLoopGroup group, int port, List<byte[]> bodies, String key, long deadline) {
            this.group = group;
            this.port = port;
            this.bodies = bodies;
            this.key = key;
            this.deadline = deadline;
            this.publish = key != null && !bodies.isEmpty();
        }

        boolean going() {
            return (publish || websocket) && !outOfTime;
        }

        void round(int count, int pipelined) throws InterruptedException {
            if (publish) {
                Outcome outcome = burst(group, port, bodies, key, count, pipelined, deadline);
                publish = outcome == Outcome.DONE;
                outOfTime |= outcome == Outcome.OUT_OF_TIME;
            }
            // new connections every WS_ROUND_EVENTS: a connection that has not authenticated within the Centrifugo
            // connect timeout (10 s by default) is closed, and a slow machine must not run into it
            for (int done = 0; done < count && websocket && !outOfTime; done += WS_ROUND_EVENTS) {
                Outcome outcome = webSocketRound(group, port, Math.min(WS_ROUND_EVENTS, count - done), deadline);
                websocket = outcome == Outcome.DONE;
                outOfTime |= outcome == Outcome.OUT_OF_TIME;
            }
        }
    }

    private enum Outcome { DONE, REFUSED, OUT_OF_TIME }

    /**
     * @return whether the JIT is compiling or has methods queued (false when the JVM does not report it: the compile
     *     time alone decides then)
     */
    static boolean compilerBusy() {
        String queue = compilerQueue();
        return queue != null && busy(queue);
    }

    /** @return the JVM's {@code Compiler.queue} diagnostic command's report, or null when it is not available */
    static String compilerQueue() {
        try {
            Object report = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                new Object[] {null}, new String[] {String[].class.getName()});
            return report instanceof String text ? text : null;
        } catch (JMException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @param compilerQueue the {@code Compiler.queue} report: "Current compiles:" with one line per compilation
     *                      running, then "C1 compile queue:" and "C2 compile queue:", each followed by "Empty" or one
     *                      line per method queued
     * @return whether it lists any compilation, running or queued
     */
    static boolean busy(String compilerQueue) {
        for (String line : compilerQueue.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.equals("Empty") && !trimmed.startsWith("Current compiles:")
                && !trimmed.endsWith("compile queue:")) {
                return true;
            }
        }
        return false;
    }

    /** Sends {@code count} requests over {@value #CONNECTIONS} new connections and waits for their answers. */
    private Outcome burst(EventLoopGroup group, int port, List<byte[]> bodies, String key, int count, int pipelined,
                          long deadline) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean refused = new AtomicBoolean();
        CountDownLatch closed = new CountDownLatch(CONNECTIONS);
        connect(group, port, CONNECTIONS, closed, ch -> ch.pipeline().addLast(new HttpClientCodec(),
            new HttpObjectAggregator(1 << 16), new PublishConnection(bodies, key, port, count, pipelined, next, refused)),
            () -> refused.set(true));
        boolean finished = closed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (refused.get()) {
            return Outcome.REFUSED;
        }
        if (!finished) {
            refused.set(true); // the connections send nothing more and close at the next answer
            return Outcome.OUT_OF_TIME;
        }
        return Outcome.DONE;
    }

    /**
     * Opens {@code count} loopback connections to {@code port}, each set up by {@code pipeline}; {@code closed} counts
     * each one down when it closes, {@code onFailure} runs (and {@code closed} counts down) for each that cannot connect.
     */
    private static void connect(EventLoopGroup group, int port, int count, CountDownLatch closed,
                                Consumer<SocketChannel> pipeline, Runnable onFailure) {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    pipeline.accept(ch);
                    ch.closeFuture().addListener(f -> closed.countDown());
                }
            });
        for (int i = 0; i < count; i++) {
            bootstrap.connect("127.0.0.1", port).addListener(f -> {
                if (!f.isSuccess()) {
                    onFailure.run();
                    closed.countDown();
                }
            });
        }
    }

    /**
     * One round of the WebSocket rehearsal: opens {@value #WS_CONNECTIONS} connections to {@code /connection/websocket}
     * marked with this process's rehearsal key, feeds {@code events} events through their server-side clients (each
     * event to every connection, as a channel's fan-out, alternating the protocols' encodings, with a server ping
     * every {@value #PING_EVERY} events that the connection answers with a pong, as the SDKs do), waits until every
     * frame has arrived, then ends each connection with a connect without a token and waits until the server closed
     * them.
     */
    private Outcome webSocketRound(EventLoopGroup group, int port, int events, long deadline) throws InterruptedException {
        connections.clear();
        AtomicBoolean refused = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(WS_CONNECTIONS);
        CountDownLatch closed = new CountDownLatch(WS_CONNECTIONS);
        List<Channel> channels = new CopyOnWriteArrayList<>();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/connection/websocket");
        connect(group, port, WS_CONNECTIONS, closed, ch -> {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(uri).version(WebSocketVersion.V13).handleCloseFrames(false)
                    .customHeaders(new DefaultHttpHeaders().set(Rehearsals.HEADER, rehearsals.key()))
                    .handshakeTimeoutMillis(2_000).build()),
                new Ponger(ready, received, refused));
            channels.add(ch);
        }, () -> {
            refused.set(true);
            ready.countDown();
        });
        try {
            if (!ready.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return Outcome.OUT_OF_TIME;
            }
            List<Client> clients = new ArrayList<>();
            while (!refused.get() && clients.size() < WS_CONNECTIONS) {
                Client client = connections.next(Duration.ofSeconds(2));
                if (client == null) {
                    refused.set(true); // the endpoint did not hand its connections over
                } else {
                    clients.add(client);
                }
            }
            if (refused.get()) {
                return Outcome.REFUSED;
            }
            long sent = 0;
            for (int n = 0; n < events; n++) {
                JitWarmUp.Sample sample = samples.get(n % samples.size());
                int c = n % codecs.size();
                Delivery delivery = new Delivery(REHEARSAL_CHANNELS[c], n / codecs.size() + 1, n, sample.json());
                EncodedFrame frame = codecs.get(c).encode(delivery, sample.channel());
                for (Client client : clients) {
                    client.send(frame);
                }
                sent += clients.size();
                if (n % PING_EVERY == 0) {
                    for (Client client : clients) {
                        client.sendControl(PING);
                    }
                    sent += clients.size();
                }
                if (n % FAN_OUT_BATCH == FAN_OUT_BATCH - 1 || n == events - 1) {
                    // a batch at a time, as the hub hands a burst of events over: never near the outbound limits
                    Outcome outcome = awaitArrived(received, sent, closed, refused, deadline);
                    if (outcome != Outcome.DONE) {
                        return outcome;
                    }
                }
            }
            delivered.addAndGet(sent);
            for (Channel channel : channels) {
                channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(CONNECT_WITHOUT_TOKEN)));
            }
            if (!closed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return Outcome.OUT_OF_TIME;
            }
            return refused.get() ? Outcome.REFUSED : Outcome.DONE;
        } finally {
            for (Channel channel : channels) {
                channel.close();
            }
        }
    }

    /** Waits until {@code sent} frames have arrived; a connection closed early or the deadline ends the round. */
    private static Outcome awaitArrived(AtomicLong received, long sent, CountDownLatch closed, AtomicBoolean refused,
                                        long deadline) {
        while (received.get() < sent) {
            if (refused.get() || closed.getCount() < WS_CONNECTIONS) {
                return Outcome.REFUSED;
            }
            if (System.nanoTime() - deadline > 0) {
                return Outcome.OUT_OF_TIME;
            }
            LockSupport.parkNanos(200_000);
        }
        return Outcome.DONE;
    }

    /** One rehearsal WebSocket connection: counts what arrives, answers pings, ends with the server's 3500 close. */
    private final class Ponger extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final CountDownLatch ready;
        private final AtomicLong received;
        private final AtomicBoolean refused;
        private int answered;
        private boolean open;

        Ponger(CountDownLatch ready, AtomicLong received, AtomicBoolean refused) {
            this.ready = ready;
            this.received = received;
            this.refused = refused;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                open = true;
                ready.countDown();
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                refuse(ctx);
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                if (text.content().readableBytes() == PING.length && text.text().equals("{}")) {
                    ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(PING))); // the pong
                    answered++;
                }
                received.incrementAndGet();
            } else if (frame instanceof CloseWebSocketFrame close) {
                // the answer to the connect without a token: every pong before it has been handled
                if (close.statusCode() == INVALID_TOKEN) {
                    pongs.addAndGet(answered);
                } else {
                    refused.set(true);
                }
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), "")).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!open) {
                refuse(ctx);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            refuse(ctx); // e.g. the upgrade answered 404: this server does not serve the Centrifugo protocol
        }

        private void refuse(ChannelHandlerContext ctx) {
            refused.set(true);
            if (!open) {
                open = true; // counted once
                ready.countDown();
            }
            ctx.close();
        }
    }

    /** One keep-alive connection with up to {@value #PIPELINED} requests in flight. */
    private final class PublishConnection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final List<byte[]> bodies;
        private final String key;
        private final String host;
        private final int count;
        private final int pipelined;
        private final AtomicInteger next;
        private final AtomicBoolean refused;
        private int inFlight;

        PublishConnection(List<byte[]> bodies, String key, int port, int count, int pipelined, AtomicInteger next, AtomicBoolean refused) {
            this.bodies = bodies;
            this.key = key;
            this.host = "127.0.0.1:" + port;
            this.count = count;
            this.pipelined = pipelined;
            this.next = next;
            this.refused = refused;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            for (int i = 0; i < pipelined; i++) {
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
            if (n >= count || refused.get()) {
                return false;
            }
            byte[] body = bodies.get(n % bodies.size());
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/publish",
                Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("X-API-Key", key)
                .set(Rehearsals.HEADER, rehearsals.key());
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
