package io.herald.realtime.transport.herald;

import io.herald.realtime.auth.ChannelAccess;
import io.herald.realtime.auth.Claims;
import io.herald.realtime.auth.InvalidTokenException;
import io.herald.realtime.auth.SubscribeDecision;
import io.herald.realtime.auth.TokenVerifier;
import io.herald.bus.BusEvent;
import io.herald.bus.EventBus;
import io.herald.realtime.recovery.HistoryReplay;
import io.herald.realtime.recovery.Recovery;
import io.herald.realtime.snapshot.SnapshotReader;
import io.herald.bus.contract.EventCheck;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.routing.RealtimeMetrics;
import io.herald.realtime.transport.LimitsConfiguration;
import io.herald.realtime.client.Client;
import io.herald.realtime.transport.NettyTransport;
import io.micronaut.scheduling.TaskExecutors;
import io.herald.realtime.transport.ws.Handshake;
import io.herald.realtime.transport.ws.WebSocketConnection;
import io.herald.realtime.transport.ws.WebSocketListener;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Herald JSON protocol's connection logic, shared by its four endpoints: authenticate on open, subscribe the room,
 * answer client frames, enforce the inbound limits, recover history on {@code since}. Endpoints only adapt Micronaut's
 * callbacks to it.
 */
@Singleton
public final class HeraldConnections {

    private static final Logger LOG = LoggerFactory.getLogger(HeraldConnections.class);

    private final TokenVerifier verifier;
    private final Hub hub;
    private final EventBus bus;
    private final EventCheck check;
    private final HeraldProtocol protocol;
    private final LimitsConfiguration limits;
    private final RealtimeMetrics metrics;
    private final ExecutorService blocking;
    private final HistoryReplay replay;
    private final HeraldConfiguration configuration;
    private final ExecutorService verification;
    private final SnapshotReader snapshots;

    HeraldConnections(TokenVerifier verifier, Hub hub, EventBus bus, EventCheck check, HeraldProtocol protocol,
                      LimitsConfiguration limits, RealtimeMetrics metrics,
                      @Named(TaskExecutors.BLOCKING) ExecutorService blocking, HistoryReplay replay,
                      HeraldConfiguration configuration,
                      @Named("herald-token-verification") ExecutorService verification, SnapshotReader snapshots) {
        this.configuration = configuration;
        this.verification = verification;
        this.snapshots = snapshots;
        this.verifier = verifier;
        this.hub = hub;
        this.bus = bus;
        this.check = check;
        this.protocol = protocol;
        this.limits = limits;
        this.metrics = metrics;
        this.blocking = blocking;
        this.replay = replay;
    }

    /**
     * Starts a connection: the token is verified off the event loop; frames that arrive meanwhile wait.
     *
     * @param connection the upgraded connection
     * @param handshake  its upgrade request
     * @param room       what the endpoint subscribes
     * @return the connection's listener
     */
    WebSocketListener open(WebSocketConnection connection, Handshake handshake, Room room) {
        Socket socket = new Socket(connection);
        String token = handshake.token();
        Channel channel = connection.channel();
        // never on the event loop: a JWKS fetch may take seconds
        CompletableFuture.supplyAsync(() -> verify(token), verification)
            .whenCompleteAsync((claims, failure) -> {
                try {
                    if (failure != null) {
                        throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
                    }
                    accept(socket, claims, room);
                } catch (RuntimeException e) {
                    // never leave a half-open connection behind (no session registered, no close): the client could not tell
                    LOG.warn("connection {} could not be opened: {}", channel.id(), e.toString());
                    connection.close(1011, "internal error", limits.closeTimeout().toMillis());
                }
            }, channel.eventLoop());
        return socket;
    }

    /** One connection's listener: the frames that wait for the token's verification, then the session. */
    private final class Socket implements WebSocketListener {
        final WebSocketConnection connection;
        ArrayDeque<String> early = new ArrayDeque<>(2);
        Client session;

        Socket(WebSocketConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onText(String text) {
            message(this, text);
        }

        @Override
        public void onPing() {
            if (session != null) {
                session.touch();
            }
        }

        @Override
        public void onClosed() {
            early = null;
            if (session != null) {
                hub.unregister(session);
            }
        }
    }

    /** @return the claims, or null when the token must be refused */
    private Claims verify(String token) {
        try {
            return verifier.verify(token);
        } catch (InvalidTokenException e) {
            LOG.debug("connection refused: {}", e.getMessage());
            return null;
        }
    }

    private void accept(Socket socket, Claims claims, Room room) {
        ArrayDeque<String> early = socket.early;
        socket.early = null;
        WebSocketConnection connection = socket.connection;
        if (!connection.isOpen()) {
            return;
        }
        long timeout = limits.closeTimeout().toMillis();
        if (claims == null) {
            connection.close(room.endpoint().authFailureCode(configuration), CloseCode.INVALID_TOKEN.reason(), timeout);
            return;
        }
        List<SubscribeDecision> decisions = room.decide(claims);
        for (SubscribeDecision decision : decisions) {
            if (!decision.allowed() && room.dedicated()) {
                connection.close(CloseCode.FORBIDDEN.code(), CloseCode.FORBIDDEN.reason(), timeout);
                return;
            }
        }
        int authFailure = room.endpoint().authFailureCode(configuration);
        Client session = new Client(new NettyTransport(connection, limits), protocol, limits.messagesPerSecond(),
            limits.outboundQueueFrames(), metrics::slowClient,
            code -> code == CloseCode.INVALID_TOKEN || code == CloseCode.TOKEN_REVOKED ? authFailure : code.code());
        session.authenticated(claims);
        session.supervise(this::supervise);
        if (!hub.register(session, limits.connectionsPerUser())) {
            connection.close(CloseCode.TOO_MANY.code(), CloseCode.TOO_MANY.reason(), timeout);
            return;
        }
        session.expiryNotice(configuration.tokenExpiringNotice(), protocol::tokenExpiring);
        socket.session = session;
        if (!connection.channel().isActive()) {
            // gone while the token was verified: onClosed already ran without a session
            hub.unregister(session);
            return;
        }
        List<String> names = new ArrayList<>();
        for (SubscribeDecision decision : decisions) {
            if (decision.allowed()) {
                // automatic subscriptions always succeed; they count towards the limit for manual ones
                hub.subscribe(session, decision.channel(), decision.displayChannel(), Integer.MAX_VALUE);
                names.add(decision.displayChannel());
            }
        }
        session.send(protocol.connected(claims.uid() != null ? claims.uid() : claims.userId(), names));
        if (early != null) {
            for (String text : early) {
                message(socket, text);
            }
        }
    }

    /**
     * The Herald protocol's periodic check (run by the server-wide sweep): a token that expired without an in-band
     * refresh closes with 4001, no client frame within the idle timeout with 4008, and a token about to expire is
     * announced once.
     */
    private void supervise(Client client, long nowNanos, java.time.Instant now) {
        if (!now.isBefore(client.claims().expiresAt())) {
            client.close(CloseCode.INVALID_TOKEN);
        } else if (nowNanos - client.lastInboundNanos() > limits.idleTimeout().toNanos()) {
            client.close(CloseCode.NO_HEARTBEAT);
        } else {
            client.announceExpiryIfDue(now);
        }
    }

    private void message(Socket socket, String text) {
        Client session = socket.session;
        if (session == null) {
            ArrayDeque<String> early = socket.early;
            if (early != null && early.size() < limits.messagesPerSecond()) {
                early.add(text);
            } else if (early != null) {
                socket.connection.close(CloseCode.TOO_MANY.code(), CloseCode.TOO_MANY.reason(), limits.closeTimeout().toMillis());
            }
            return;
        }
        if (session.closing()) {
            return;
        }
        session.touch();
        if (limits.tooLarge(text)) {
            session.close(CloseCode.MESSAGE_TOO_BIG);
            return;
        }
        int rate = session.countInbound();
        if (rate == 2) {
            session.close(CloseCode.TOO_MANY);
            return;
        }
        if (rate == 1) {
            session.send(protocol.error("rate_limited", "too many messages; at most " + limits.messagesPerSecond() + " per second"));
            return;
        }
        if (session.busy()) {
            // a recovery of this connection is still being answered: replies keep the order of the requests
            if (!session.defer(text, limits.messagesPerSecond())) {
                session.close(CloseCode.TOO_MANY);
            }
            return;
        }
        handle(session, text);
    }

    private void handle(Client session, String text) {
        HeraldProtocol.ClientFrame frame;
        try {
            frame = protocol.decode(text);
        } catch (HeraldProtocol.BadFrame e) {
            session.send(protocol.error(e.code, e.getMessage()));
            return;
        }
        switch (frame.type()) {
            case PING -> session.send(protocol.pong());
            case SUBSCRIBE -> subscribe(session, frame);
            case UNSUBSCRIBE -> {
                SubscribeDecision decision = ChannelAccess.decide(session.claims(), frame.channel());
                if (decision.channel() != null) {
                    hub.unsubscribe(session, decision.channel());
                    session.forget(decision.channel());
                }
                session.send(protocol.unsubscribed(frame.channel()));
            }
            case REFRESH -> refresh(session, frame.token());
            default -> throw new IllegalStateException("unhandled frame type " + frame.type());
        }
    }

    /**
     * In-band token refresh: verified off the event loop; the new token must be of the same user. A refused token is
     * answered with an error frame and the connection lives until its current token expires.
     */
    private void refresh(Client session, String token) {
        session.markBusy();
        CompletableFuture.supplyAsync(() -> verify(token), verification).whenCompleteAsync((claims, failure) -> {
            if (failure != null || claims == null) {
                session.send(protocol.error("invalid_token", "the refresh token is invalid or expired"));
            } else if (!claims.userId().equals(session.userId())) {
                session.send(protocol.error("invalid_token", "the refresh token is of another user"));
            } else {
                session.authenticated(claims);
                session.send(protocol.refreshed(claims.expiresAt().getEpochSecond()));
            }
            session.resume(text -> handle(session, text));
        }, session.executor());
    }

    private void subscribe(Client session, HeraldProtocol.ClientFrame frame) {
        SubscribeDecision decision = ChannelAccess.decide(session.claims(), frame.channel());
        if (!decision.allowed()) {
            session.send(protocol.error(decision.errorCode(), decision.message()));
            return;
        }
        // the full name is what the hub and the gate know; forget what an earlier subscription of it sent
        if (!hub.subscriptionsOf(session).containsKey(decision.channel())) {
            session.forget(decision.channel());
        }
        if (frame.since() != null || frame.snapshot()) {
            session.closeGate(decision.channel());
        }
        Hub.SubscribeOutcome outcome = hub.subscribe(session, decision.channel(), decision.displayChannel(),
            limits.subscriptionsPerConnection());
        if (outcome == Hub.SubscribeOutcome.LIMIT_REACHED) {
            session.openGate(decision.channel(), List.of(), null, 0);
            session.send(protocol.error("subscription_limit",
                "at most " + limits.subscriptionsPerConnection() + " subscriptions per connection"));
            return;
        }
        if (frame.snapshot()) {
            // the channel's state first, then live events (a snapshot replaces since)
            session.markBusy();
            blocking.execute(() -> {
                try {
                    snapshot(session, decision);
                } finally {
                    session.executor().execute(() -> session.resume(text -> handle(session, text)));
                }
            });
            return;
        }
        if (frame.since() == null) {
            session.send(protocol.subscribed(decision.displayChannel(), null, null, null));
            return;
        }
        long since = frame.since();
        String epoch = frame.epoch();
        // later frames of this connection wait for the recovery's answer (replies in request order)
        session.markBusy();
        blocking.execute(() -> {
            try {
                recover(session, decision, since, epoch);
            } finally {
                session.executor().execute(() -> session.resume(text -> handle(session, text)));
            }
        });
    }

    private void recover(Client session, SubscribeDecision decision, long since, String epoch) {
        try {
            // all or nothing, throttled exactly like the live stream (HistoryReplay)
            Recovery recovery = replay.replay(decision.channel(), since, epoch);
            List<EncodedFrame> frames = new ArrayList<>(recovery.events().size());
            for (BusEvent event : recovery.events()) {
                frames.add(protocol.encode(new Delivery(event.channel(), event.offset(), event.timestampMillis(), event.data()),
                    decision.displayChannel()));
            }
            session.openGate(decision.channel(), frames,
                protocol.subscribed(decision.displayChannel(), recovery.recovered(), recovery.epoch(), recovery.latestOffset()),
                recovery.latestOffset());
        } catch (RuntimeException e) {
            LOG.warn("recovery of channel {} failed: {}", decision.channel(), e.getMessage());
            session.openGate(decision.channel(), List.of(), protocol.subscribed(decision.displayChannel(), false, bus.epoch(), 0L), 0);
        }
    }

    private void snapshot(Client session, SubscribeDecision decision) {
        try {
            SnapshotReader.Snapshot snapshot = snapshots.read(decision.channel());
            List<EncodedFrame> frames = new ArrayList<>(snapshot.events().size());
            for (BusEvent event : snapshot.events()) {
                frames.add(SnapshotReader.marked(protocol.encode(
                    new Delivery(event.channel(), event.offset(), event.timestampMillis(), event.data()), decision.displayChannel())));
            }
            session.openGate(decision.channel(), frames, protocol.subscribed(decision.displayChannel(), snapshot.complete(),
                snapshot.epoch(), snapshot.position()), snapshot.position(), snapshot.covered());
        } catch (RuntimeException e) {
            LOG.warn("snapshot of channel {} failed: {}", decision.channel(), e.getMessage());
            session.openGate(decision.channel(), List.of(), protocol.subscribed(decision.displayChannel(), false, bus.epoch(), 0L), 0);
        }
    }

}
