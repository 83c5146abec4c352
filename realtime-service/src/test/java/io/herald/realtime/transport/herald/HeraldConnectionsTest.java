package io.herald.realtime.transport.herald;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bus.InMemoryEventBus;
import io.herald.bus.StreamOptions;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.Lifecycle;
import io.herald.bus.contract.Verdict;
import io.herald.realtime.auth.Claims;
import io.herald.realtime.auth.InvalidTokenException;
import io.herald.realtime.auth.TokenVerifier;
import io.herald.realtime.client.Client;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.hub.Session;
import io.herald.realtime.recovery.HistoryReplay;
import io.herald.realtime.recovery.RecoveryConfiguration;
import io.herald.realtime.routing.RealtimeMetrics;
import io.herald.realtime.snapshot.SnapshotConfiguration;
import io.herald.realtime.snapshot.SnapshotReader;
import io.herald.realtime.transport.LimitsConfiguration;
import io.herald.realtime.transport.ws.Handshake;
import io.herald.realtime.transport.ws.WebSocketConnection;
import io.herald.realtime.transport.ws.WebSocketListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Herald JSON protocol's command table over the shared {@link Client}, on Netty's EmbeddedChannel with the
 * in-memory bus: no sockets, no server, the event loop runs when the test says so. Covers every close code the
 * protocol's connection sends, the in-band refresh and the limits; the ITs cover the same over real connections.
 */
class HeraldConnectionsTest {

    static final String USER = "2f6c0d4e-1111-4222-8333-944455556666";
    static final Instant LATER = Instant.now().plus(Duration.ofHours(1));

    /** Runs tasks on the calling thread: token checks and history reads complete before the call returns. */
    static final class Direct extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** Tokens by name: "good", "grant-job-7", "expired", "other-user"; anything else is invalid. */
    static final TokenVerifier TOKENS = new TokenVerifier() {
        @Override
        public Claims verify(String token) throws InvalidTokenException {
            return switch (token == null ? "" : token) {
                case "good" -> new Claims(USER, "acme", List.of(), LATER);
                case "soon" -> new Claims(USER, "acme", List.of(), Instant.now().plus(Duration.ofSeconds(30)));
                case "grant-job-7" -> new Claims(USER, "acme", List.of("job:7"), LATER);
                case "other-user" -> new Claims("someone-else", "acme", List.of(), LATER);
                default -> throw new InvalidTokenException("bad token");
            };
        }

        @Override
        public java.util.concurrent.CompletableFuture<Claims> verifyAsync(String token) {
            throw new UnsupportedOperationException();
        }
    };

    static final EventCheck VALID = (channel, json) -> new Verdict("order:updated", null, Lifecycle.OTHER, List.of(), null);

    final Hub hub = new Hub(4);
    final InMemoryEventBus bus = new InMemoryEventBus(StreamOptions.of("HERALD_UNIT", "herald", Duration.ofHours(1)),
        Clock.systemUTC());
    final HeraldProtocol protocol = new HeraldProtocol(JsonMapper.createDefault());

    HeraldConnections connections(LimitsConfiguration limits, int jobsAuthFailureCode) {
        ExecutorService direct = new Direct();
        HistoryReplay replay = new HistoryReplay(bus, VALID, Duration.ofSeconds(5), Duration.ofMillis(200),
            new RecoveryConfiguration(Duration.ofSeconds(60), 5000, 20000), 1000, System::currentTimeMillis);
        return new HeraldConnections(TOKENS, hub, bus, VALID, protocol, limits,
            new RealtimeMetrics(new SimpleMeterRegistry(), hub), direct, replay,
            new HeraldConfiguration(4001, jobsAuthFailureCode, 4001, 4001, Duration.ofSeconds(60)), direct,
            new SnapshotReader(bus, VALID, replay, new SnapshotConfiguration(Duration.ofMinutes(10), Duration.ofHours(1)),
                System::currentTimeMillis));
    }

    static LimitsConfiguration limits(int messagesPerSecond, int connectionsPerUser, int subscriptions, long queueBytes) {
        return new LimitsConfiguration(1024, messagesPerSecond, connectionsPerUser, subscriptions, queueBytes, 10_000,
            Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(1), 1000);
    }

    static final LimitsConfiguration DEFAULTS = limits(50, 20, 100, 1 << 20);

    /** One connection on an EmbeddedChannel, as the upgrade leaves it. */
    static final class Conn {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final WebSocketConnection connection = new WebSocketConnection(channel);

        Conn(HeraldConnections connections, String path, String token) {
            WebSocketListener listener = connections.open(connection, new Handshake(path,
                new QueryStringDecoder(path + (token == null ? "" : "?token=" + token)), new DefaultHttpHeaders()),
                HeraldEndpoints.room(path));
            connection.listener(listener);
            channel.pipeline().addLast(connection);
            channel.runPendingTasks();
        }

        void send(String text) {
            channel.writeInbound(new TextWebSocketFrame(text));
            channel.runPendingTasks();
        }

        /** Text frames written since the last call, and the close code last (if any) as "close:<code>". */
        List<String> out() {
            channel.runPendingTasks();
            List<String> frames = new ArrayList<>();
            Object written;
            while ((written = channel.readOutbound()) != null) {
                if (written instanceof CloseWebSocketFrame close) {
                    frames.add("close:" + close.statusCode());
                    close.release();
                } else {
                    ByteBuf wire = (ByteBuf) written;
                    int marker = wire.getUnsignedByte(1);
                    int header = marker < 126 ? 2 : marker == 126 ? 4 : 10;
                    frames.add(wire.toString(header, wire.readableBytes() - header, StandardCharsets.UTF_8));
                    wire.release();
                }
            }
            return frames;
        }

        String last() {
            List<String> frames = out();
            return frames.isEmpty() ? null : frames.get(frames.size() - 1);
        }
    }

    @Test
    void aValidTokenIsConnectedWithThePersonalChannelsAndReceivesTheirEvents() {
        Conn conn = new Conn(connections(DEFAULTS, 4001), "/ws", "good");
        List<String> out = conn.out();
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).startsWith("{\"type\":\"connected\"").contains(USER).contains("exports:" + USER);
        assertThat(hub.connectionCount()).isEqualTo(1);
        hub.publish(new Delivery("exports:" + USER, 42, System.currentTimeMillis(),
            "{\"event\":\"job.created\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(conn.out()).containsExactly("{\"event\":\"job.created\",\"channel\":\"exports:" + USER + "\",\"offset\":42}");
    }

    @Test
    void aMissingOrInvalidTokenClosesWith4001OrTheEndpointsConfiguredCode() {
        assertThat(new Conn(connections(DEFAULTS, 4001), "/ws", null).out()).containsExactly("close:4001");
        assertThat(new Conn(connections(DEFAULTS, 1008), "/ws/jobs/7", "forged").out()).containsExactly("close:1008");
        assertThat(hub.connectionCount()).isZero();
    }

    @Test
    void aDedicatedRoomTheTokenDoesNotPermitClosesWith4003() {
        HeraldConnections connections = connections(DEFAULTS, 4001);
        assertThat(new Conn(connections, "/ws/jobs/8", "grant-job-7").out()).containsExactly("close:4003");
        List<String> allowed = new Conn(connections, "/ws/jobs/7", "grant-job-7").out();
        assertThat(allowed.get(0)).contains("\"channels\":[\"job:7\"]");
    }

    @Test
    void tooManyConnectionsOfOneUserCloseWith4029() {
        HeraldConnections connections = connections(limits(50, 2, 100, 1 << 20), 4001);
        new Conn(connections, "/ws", "good");
        new Conn(connections, "/ws", "good");
        assertThat(new Conn(connections, "/ws", "good").out()).containsExactly("close:4029");
        assertThat(hub.connectionsOf(USER)).isEqualTo(2);
    }

    @Test
    void commandsAreAnsweredAndBadFramesGetErrorFrames() {
        Conn conn = new Conn(connections(DEFAULTS, 4001), "/ws", "good");
        conn.out();
        conn.send("{\"type\":\"ping\"}");
        assertThat(conn.out()).containsExactly("{\"type\":\"pong\"}");
        conn.send("{\"type\":\"subscribe\",\"channel\":\"order_changes\"}");
        assertThat(conn.out()).containsExactly("{\"type\":\"subscribed\",\"channel\":\"order_changes\"}");
        assertThat(hub.subscriptionsOf(session())).containsEntry("order_changes@acme", "order_changes");
        conn.send("{\"type\":\"unsubscribe\",\"channel\":\"order_changes\"}");
        assertThat(conn.out()).containsExactly("{\"type\":\"unsubscribed\",\"channel\":\"order_changes\"}");
        conn.send("not json");
        assertThat(conn.last()).contains("\"code\":\"invalid_json\"");
        conn.send("{\"type\":\"dance\"}");
        assertThat(conn.last()).contains("\"code\":\"unknown_type\"");
        conn.send("{\"type\":\"subscribe\",\"channel\":\"job:99\"}");
        assertThat(conn.last()).contains("\"type\":\"error\"");
        assertThat(hub.subscriptionsOf(session())).doesNotContainKey("job:99");
    }

    @Test
    void theSubscriptionLimitCountsTheAutomaticOnes() {
        Conn conn = new Conn(connections(limits(50, 20, 6, 1 << 20), 4001), "/ws", "good");
        conn.out();
        conn.send("{\"type\":\"subscribe\",\"channel\":\"order_changes\"}");
        assertThat(conn.last()).contains("\"code\":\"subscription_limit\"");
    }

    @Test
    void theMessageRateIsAnsweredWithAnErrorThenTwiceItClosesWith4029() {
        Conn conn = new Conn(connections(limits(2, 20, 100, 1 << 20), 4001), "/ws", "good");
        conn.out();
        for (int i = 0; i < 3; i++) {
            conn.send("{\"type\":\"ping\"}");
        }
        assertThat(conn.out()).containsExactly("{\"type\":\"pong\"}", "{\"type\":\"pong\"}",
            "{\"type\":\"error\",\"message\":\"too many messages; at most 2 per second\",\"code\":\"rate_limited\"}");
        conn.send("{\"type\":\"ping\"}");
        conn.send("{\"type\":\"ping\"}");
        assertThat(conn.last()).isEqualTo("close:4029");
    }

    @Test
    void aFrameAboveTheLimitClosesWith1009() {
        Conn conn = new Conn(connections(DEFAULTS, 4001), "/ws", "good");
        conn.out();
        conn.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(2000) + "\"}");
        assertThat(conn.last()).isEqualTo("close:1009");
    }

    @Test
    void aClientThatDoesNotReadIsClosedWith4013() {
        Conn conn = new Conn(connections(limits(50, 20, 100, 600), 4001), "/ws", "good");
        assertThat(conn.out()).hasSize(1);
        // nothing is written to the socket while the test does not run the event loop: the queue fills up
        for (int i = 0; i < 10; i++) {
            hub.publish(new Delivery("exports:" + USER, 100 + i, 0, ("{\"n\":\"" + "y".repeat(80) + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(conn.out()).containsExactly("close:4013");
    }

    @Test
    void theHeartbeatSweepClosesAnIdleConnectionWith4008() {
        Conn conn = new Conn(connections(DEFAULTS, 4001), "/ws", "good");
        conn.out();
        Client client = (Client) session();
        client.supervise(System.nanoTime() + Duration.ofSeconds(59).toNanos(), Instant.now());
        assertThat(conn.out()).isEmpty();
        client.supervise(System.nanoTime() + Duration.ofSeconds(61).toNanos(), Instant.now());
        assertThat(conn.out()).containsExactly("close:4008");
    }

    @Test
    void anExpiringTokenIsAnnouncedRefreshedInBandAndOtherwiseClosedWith4001() {
        Conn conn = new Conn(connections(DEFAULTS, 4001), "/ws", "soon");
        conn.out();
        Client client = (Client) session();
        client.supervise(System.nanoTime(), Instant.now());
        assertThat(conn.last()).startsWith("{\"type\":\"token_expiring\",\"expires\":");
        conn.send("{\"type\":\"refresh\",\"token\":\"other-user\"}");
        assertThat(conn.last()).contains("\"code\":\"invalid_token\"").contains("another user");
        conn.send("{\"type\":\"refresh\",\"token\":\"forged\"}");
        assertThat(conn.last()).contains("\"code\":\"invalid_token\"");
        // not refreshed: at its expiry the connection is closed
        client.supervise(System.nanoTime(), Instant.now().plus(Duration.ofSeconds(31)));
        assertThat(conn.last()).isEqualTo("close:4001");

        Conn refreshed = new Conn(connections(DEFAULTS, 4001), "/ws", "soon");
        refreshed.out();
        refreshed.send("{\"type\":\"refresh\",\"token\":\"good\"}");
        assertThat(refreshed.last()).isEqualTo("{\"type\":\"refreshed\",\"expires\":" + LATER.getEpochSecond() + "}");
        Client renewed = (Client) hub.sessions().stream().filter(s -> !((Client) s).closing()).findFirst().orElseThrow();
        renewed.supervise(System.nanoTime(), Instant.now().plus(Duration.ofSeconds(31)));
        assertThat(refreshed.out()).isEmpty();
    }

    @Test
    void aNormalClientCloseIsEchoedAndUnregisters() {
        Conn conn = new Conn(connections(DEFAULTS, 4001), "/ws", "good");
        conn.out();
        conn.channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        assertThat(conn.out()).containsExactly("close:1000");
        conn.channel.close();
        assertThat(hub.connectionCount()).isZero();
    }

    private Session session() {
        return hub.sessions().stream().findFirst().orElse(null);
    }
}
