package io.herald.realtime.transport.centrifugo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.Access;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.History;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.Position;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.Principal;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.Publication;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.Subscribed;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.TokenVerdict;
import io.herald.realtime.transport.centrifugo.CentrifugoScheduler.Cancellable;
import io.herald.realtime.client.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The Centrifugo client protocol's command table over a {@link Client}: decodes commands, answers them, and closes
 * with Centrifugo's codes. The connection's state that both protocols share (the verified token, each subscription's
 * position and recovery gate, the inbound rate, the outbound queue and its slow-client close) lives in the
 * {@link Client}, which is also what the hub delivers publications to; this class keeps only what is Centrifugo's own
 * (the connect state, the subscriptions by the name the client wrote, ping/pong).
 *
 * <p>Frames may carry several {@code \n}-separated commands (the SDK sends {@code connect} together with its pending
 * {@code subscribe}s); they are processed strictly in order, also across frames and while a backend call is in
 * flight, and their replies go out together in one frame. Live publications of a subscription are held back by the
 * client's recovery gate until its subscribe reply has been written, then released unless the reply already carried
 * them as recovered publications, so the client sees reply → recovered publications → live publications, with no gap
 * and no duplicate.
 *
 * <p>Thread-safety: {@link #onFrame}, {@link #close} and the timers may run on different threads; state is guarded by
 * one lock that is never held across a backend call. Publications never take it: the hub hands them to the
 * {@link Client}.
 */
public final class CentrifugoSession {

    private static final int REJECT_UNRECOVERED_FLAG = 2;

    private enum State { NEW, UNUSABLE, CONNECTED, CLOSED }

    private final CentrifugoBackend backend;
    private final CentrifugoOptions options;
    private final CentrifugoScheduler scheduler;
    private final Client client;
    // the client id sent in the connect reply: a random (version 4) UUID, kept as two longs and written when needed;
    // not a secret (no Herald API addresses a connection by it), so no SecureRandom on the accept path
    private final long clientIdHigh = ThreadLocalRandom.current().nextLong() & ~0xF000L | 0x4000L;
    private final long clientIdLow = ThreadLocalRandom.current().nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
    private final Object lock = new Object();
    private static final String[] NO_NAMES = new String[0];

    // guarded by lock
    private State state = State.NEW;
    private Principal principal;
    // The subscriptions, as two parallel arrays replaced on every change (subscriptions change rarely; deliveries go
    // through the hub and the client, not through these): the name the client wrote, and the full channel (the hub's
    // instance of the name). While a subscribe reply is being prepared, pending holds its Sub at the same index.
    private String[] displays = NO_NAMES;
    private String[] fullNames = NO_NAMES;
    private Sub[] pending;
    private boolean pingOutstanding;
    private Cancellable staleTimer;
    private long pingSentMillis;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    private volatile Object attachment;

    CentrifugoSession(CentrifugoProtocol protocol, Client client) {
        this.backend = protocol.backend();
        this.options = protocol.options();
        this.scheduler = protocol.scheduler();
        this.client = client;
        // any close of the connection by the server (slow client, shutdown, disconnect API, a protocol error) ends
        // the session once and releases its subscriptions
        client.onClose(() -> {
            if (end()) {
                backend.disconnected(this);
            }
        });
    }

    /** @return the connection's shared state: what the hub delivers to */
    public Client client() {
        return client;
    }

    void start() {
        Cancellable timer = scheduler.schedule(options.connectTimeout(), this::onConnectTimeout);
        synchronized (lock) {
            staleTimer = timer;
        }
    }

    /** @return the client id sent in the connect reply (a random UUID) */
    public String clientId() {
        return new UUID(clientIdHigh, clientIdLow).toString();
    }

    /** @return the authenticated principal: set once the connect token is verified, {@code null} before */
    public Principal principal() {
        synchronized (lock) {
            return principal;
        }
    }

    /** @return whether the session has been closed */
    public boolean isClosed() {
        synchronized (lock) {
            return state == State.CLOSED;
        }
    }

    /** @return the channels (as the client wrote them) this session is subscribed or subscribing to */
    public List<String> channels() {
        synchronized (lock) {
            return List.of(displays);
        }
    }

    /** @return completes when the connection's socket is gone */
    public java.util.concurrent.CompletionStage<Void> transportClosed() {
        return client.closed();
    }

    /** @return the object the transport adapter attached (e.g. its hub session), or {@code null} */
    public Object attachment() {
        return attachment;
    }

    /** @param attachment any object the adapter wants to find from the session (e.g. its hub session) */
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    /**
     * Handles one inbound text frame.
     *
     * @param frame one or more {@code \n}-separated JSON commands
     */
    public void onFrame(String frame) {
        if (frame.isBlank()) {
            close(CentrifugoCloseCode.BAD_REQUEST); // Centrifugo: "empty client request received"
            return;
        }
        if (PONG_FRAME.matcher(frame).matches()) {
            // a pong is answered at once, not behind the commands still queued (their backend calls may take long)
            State current;
            synchronized (lock) {
                current = state;
            }
            pong(current, null);
            return;
        }
        CompletableFuture<Void> previous;
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            previous = tail;
            tail = done;
        }
        // Chained, not run directly, so a frame waits for the backend calls of the frames before it.
        previous.whenComplete((ignored, error) -> processFrame(frame)
                .whenComplete((ignored2, error2) -> done.complete(null)));
    }

    /**
     * Closes the connection with a Centrifugo close code (e.g. {@link CentrifugoCloseCode#SHUTDOWN} on graceful
     * shutdown, {@link CentrifugoCloseCode#SLOW} from the adapter's back-pressure check) and releases its
     * subscriptions. Idempotent.
     *
     * @param code why
     */
    public void close(CentrifugoCloseCode code) {
        client.close(code.code(), code.reason()); // ends the session through the client's close hook
    }

    /** Tells the session its socket is gone (closed by the peer or the network); releases its subscriptions. */
    public void onTransportClosed() {
        if (end()) {
            backend.disconnected(this);
        }
    }

    private boolean end() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            cancel(staleTimer);
            displays = NO_NAMES;
            fullNames = NO_NAMES;
            pending = null;
            return true;
        }
    }

    // ------------------------------------------------------------------ frames

    /** Replies and follow-up work of one inbound frame. */
    private static final class Batch {
        final List<String> lines = new ArrayList<>(2);
        final List<Sub> activate = new ArrayList<>(0);
        CentrifugoCloseCode close;
        /** A connect in this frame was refused with 109: the SDK will refresh its token and reconnect. */
        boolean connectExpired;

        void reply(String line) {
            lines.add(line);
        }
    }

    private static final java.util.regex.Pattern PONG_FRAME = java.util.regex.Pattern.compile("\\s*\\{\\s*}\\s*");

    private CompletionStage<Void> processFrame(String frame) {
        Batch batch = new Batch();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (String line : frame.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            chain = chain.thenCompose(ignored -> batch.close != null || isClosed()
                    ? CompletableFuture.completedFuture(null)
                    : handleCommand(trimmed, batch));
        }
        return chain.handle((ignored, error) -> {
            if (error != null && batch.close == null) {
                batch.close = CentrifugoCloseCode.INTERNAL;
            }
            flush(batch);
            return null;
        });
    }

    private void flush(Batch batch) {
        synchronized (lock) {
            if (state != State.CLOSED) {
                if (!batch.lines.isEmpty()) {
                    client.sendControl((batch.lines.size() == 1 ? batch.lines.get(0) : String.join("\n", batch.lines))
                        .getBytes(StandardCharsets.UTF_8));
                }
                for (Sub sub : batch.activate) {
                    if (settle(sub)) {
                        // after the reply: the live publications held meanwhile, minus those it carried
                        client.openGate(sub.channel, List.of(), null, sub.highest, sub.recovered);
                    }
                }
            }
        }
        if (batch.close != null) {
            close(batch.close);
        }
    }

    private CompletionStage<Void> handleCommand(String line, Batch batch) {
        JsonNode cmd;
        try {
            cmd = CentrifugoCodec.parse(line);
        } catch (IOException e) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        if (cmd == null || !cmd.isObject()) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        JsonNode idNode = cmd.get("id");
        if (idNode != null && !idNode.canConvertToInt()) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        int id = idNode == null ? 0 : idNode.asInt();
        State current;
        synchronized (lock) {
            current = state;
        }
        if (id < 0) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST); // ids are unsigned in the protocol
        }
        int rate = client.countInbound();
        if (rate == 2) {
            return closeWith(batch, CentrifugoCloseCode.TOO_MANY_REQUESTS);
        }
        if (rate == 1) {
            // bounds the work one frame (or a burst of frames) may cause: no backend call for the excess
            return id > 0 ? error(batch, id, CentrifugoErrorCode.TOO_MANY_REQUESTS) : done();
        }
        if (id == 0) {
            if (cmd.has("send") && current == State.CONNECTED) {
                return done(); // async message to the server: Herald has no handler, so it is dropped (no reply).
            }
            if (cmd.size() == 0 || (cmd.size() == 1 && idNode != null)) {
                return pong(current, batch);
            }
            // Centrifugo: "command ID required for commands with reply expected"
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        if (current == State.UNUSABLE && batch.connectExpired) {
            // Commands the SDK batched behind a connect refused with 109 (its optimistic subscribes) are dropped:
            // closing with 3501 here would race with the SDK's own reconnect and, being terminal, stop it.
            return done();
        }
        if (current == State.UNUSABLE || (current == State.NEW && !cmd.has("connect"))) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        if (cmd.has("connect")) {
            return connect(id, cmd.get("connect"), batch);
        }
        if (cmd.has("subscribe")) {
            return subscribe(id, cmd.get("subscribe"), batch);
        }
        if (cmd.has("unsubscribe")) {
            return unsubscribe(id, cmd.get("unsubscribe"), batch);
        }
        if (cmd.has("history")) {
            return history(id, cmd.get("history"), batch);
        }
        if (cmd.has("refresh")) {
            return refresh(id, cmd.get("refresh"), batch);
        }
        if (cmd.has("publish")) {
            // Clients never publish to Herald channels (publishers use NATS or the server API): Centrifugo's answer
            // for a client without publish permission.
            return error(batch, id, CentrifugoErrorCode.PERMISSION_DENIED);
        }
        if (cmd.has("presence") || cmd.has("presence_stats") || cmd.has("ping") || cmd.has("sub_refresh")) {
            // Presence is not kept; the ping command is unsupported in protocol v2 (Centrifugo answers 108 too);
            // subscriptions never expire, so sub_refresh has nothing to refresh.
            return error(batch, id, CentrifugoErrorCode.NOT_AVAILABLE);
        }
        if (cmd.has("rpc")) {
            return error(batch, id, CentrifugoErrorCode.METHOD_NOT_FOUND); // Centrifugo without an RPC proxy.
        }
        return error(batch, id, CentrifugoErrorCode.METHOD_NOT_FOUND);
    }

    private CompletionStage<Void> pong(State current, Batch batch) {
        synchronized (lock) {
            // An empty command is a pong. Centrifugo closes with 3501 on a pong that answers no ping; the JS SDK can
            // send a late pong just after it reconnected (seen in CentrifugoSdkConformanceIT), so it is ignored.
            if (current == State.CONNECTED && pingOutstanding) {
                pingOutstanding = false;
            }
        }
        return done();
    }

    // ------------------------------------------------------------------ connect & refresh

    private CompletionStage<Void> connect(int id, JsonNode req, Batch batch) {
        State current;
        synchronized (lock) {
            current = state;
        }
        if (current != State.NEW || !req.isObject()) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        String token = text(req, "token");
        if (token.isEmpty()) {
            return closeWith(batch, CentrifugoCloseCode.INVALID_TOKEN);
        }
        return guard(backend.authenticate(token), batch, id, verdict -> {
            Principal p = verdict.principal();
            if (verdict.problem() == CentrifugoBackend.TokenProblem.INVALID) {
                return closeWith(batch, CentrifugoCloseCode.INVALID_TOKEN);
            }
            if (verdict.problem() == CentrifugoBackend.TokenProblem.EXPIRED || expired(p)) {
                markUnusable();
                batch.connectExpired = true;
                return error(batch, id, CentrifugoErrorCode.TOKEN_EXPIRED);
            }
            synchronized (lock) {
                principal = p; // the backend's subscribe of the personal channels needs to know the user
            }
            client.authenticated(p.claims());
            if (!backend.connected(this)) {
                return closeWith(batch, CentrifugoCloseCode.CONNECTION_LIMIT);
            }
            return subscribePersonal(p, req.path("subs"), batch).handle((result, failure) -> {
                if (failure != null) {
                    batch.close = CentrifugoCloseCode.INTERNAL;
                    return null;
                }
                connected(id, p, result, batch);
                return null;
            });
        }).whenComplete((ignored, failure) -> markUnusable()); // no-op once connected
    }

    private CompletionStage<ObjectNode> subscribePersonal(Principal p, JsonNode requested, Batch batch) {
        ObjectNode result = CentrifugoCodec.object();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (String channel : backend.personalChannels(p)) {
            chain = chain.thenCompose(ignored -> {
                JsonNode want = requested.path(channel);
                Position since = want.path("recover").asBoolean(false) ? position(want) : null;
                Sub sub = new Sub(channel, channel);
                synchronized (lock) {
                    if (state == State.CLOSED) {
                        return done();
                    }
                    add(sub);
                }
                client.forget(channel);
                client.closeGate(channel); // live publications wait for the connect reply
                return backend.subscribe(this, channel, channel, since).thenAccept(subscribed -> {
                    sub.position(subscribed);
                    result.set(channel, CentrifugoCodec.subscribeResult(subscribed, since != null));
                    batch.activate.add(sub);
                });
            });
        }
        return chain.thenApply(ignored -> result);
    }

    private void connected(int id, Principal p, ObjectNode personal, Batch batch) {
        long nowSeconds = scheduler.nowMillis() / 1000;
        ObjectNode result = CentrifugoCodec.object();
        result.put("client", clientId());
        result.put("version", options.serverVersion());
        if (p.expiresAtSeconds() > 0) {
            result.put("expires", true);
            result.put("ttl", Math.max(1, p.expiresAtSeconds() - nowSeconds));
        }
        if (!personal.isEmpty()) {
            result.set("subs", personal);
        }
        result.put("ping", options.pingInterval().toSeconds());
        result.put("pong", true);
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CONNECTED;
            principal = p;
            cancel(staleTimer);
            staleTimer = null;
            // the first ping within one interval after the connect, at a random phase: clients that connected together
            // are not all pinged (and do not all answer) in the same sweep
            pingSentMillis = scheduler.nowMillis() - scheduler.pingPhaseMillis(options.pingInterval().toMillis());
        }
        // pings, pongs and the token's expiry are checked by the server-wide sweep (tick), not by timers
        client.supervise((c, nanos, now) -> tick());
        synchronized (lock) {
        }
        batch.reply(CentrifugoCodec.reply(id, "connect", result));
    }

    private CompletionStage<Void> refresh(int id, JsonNode req, Batch batch) {
        String token = text(req, "token");
        if (token.isEmpty()) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        Principal current = principal();
        return guard(backend.refresh(current, token), batch, id, verdict -> {
            Principal p = verdict.principal();
            if (verdict.problem() == CentrifugoBackend.TokenProblem.INVALID
                    || (p != null && !p.userId().equals(current.userId()))) {
                return closeWith(batch, CentrifugoCloseCode.INVALID_TOKEN);
            }
            if (verdict.problem() == CentrifugoBackend.TokenProblem.EXPIRED || expired(p)) {
                return closeWith(batch, CentrifugoCloseCode.EXPIRED);
            }
            ObjectNode result = CentrifugoCodec.object();
            result.put("client", clientId());
            result.put("version", options.serverVersion());
            if (p.expiresAtSeconds() > 0) {
                result.put("expires", true);
                result.put("ttl", Math.max(1, p.expiresAtSeconds() - scheduler.nowMillis() / 1000));
            }
            synchronized (lock) {
                if (state != State.CONNECTED) {
                    return done();
                }
                principal = p;
            }
            client.authenticated(p.claims());
            batch.reply(CentrifugoCodec.reply(id, "refresh", result));
            return done();
        });
    }

    private boolean expired(Principal p) {
        return p != null && p.expiresAtSeconds() > 0 && p.expiresAtSeconds() * 1000 <= scheduler.nowMillis();
    }

    private void markUnusable() {
        synchronized (lock) {
            if (state == State.NEW) {
                state = State.UNUSABLE; // like Centrifugo: after a failed connect only a new connection helps
            }
        }
    }

    // ------------------------------------------------------------------ subscriptions

    private CompletionStage<Void> subscribe(int id, JsonNode req, Batch batch) {
        String channel = text(req, "channel");
        if (channel.isEmpty()) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        Principal p;
        synchronized (lock) {
            if (indexOf(displays, channel) >= 0) {
                return error(batch, id, CentrifugoErrorCode.ALREADY_SUBSCRIBED);
            }
            if (displays.length >= options.maxSubscriptions()) {
                return error(batch, id, CentrifugoErrorCode.LIMIT_EXCEEDED);
            }
            p = principal;
        }
        String subToken = req.hasNonNull("token") && !text(req, "token").isEmpty() ? text(req, "token") : null;
        boolean recover = req.path("recover").asBoolean(false);
        boolean rejectUnrecovered = (req.path("flag").asLong(0) & REJECT_UNRECOVERED_FLAG) != 0;
        Position since = recover ? position(req) : null;
        return guard(backend.authorize(p, channel, subToken), batch, id, access -> {
            if (access.outcome() != CentrifugoBackend.AccessOutcome.ALLOW) {
                return error(batch, id, access.outcome().error());
            }
            Sub sub = new Sub(access.channel(), channel);
            synchronized (lock) {
                if (state != State.CONNECTED) {
                    return done();
                }
                if (indexOf(displays, channel) >= 0 || indexOf(fullNames, sub.channel) >= 0) {
                    // also when the same channel is subscribed under another name (order_changes, order_changes@t)
                    return error(batch, id, CentrifugoErrorCode.ALREADY_SUBSCRIBED);
                }
                add(sub);
            }
            client.forget(sub.channel);
            client.closeGate(sub.channel); // live publications wait for the subscribe reply
            return backend.subscribe(this, sub.channel, channel, since).handle((subscribed, failure) -> {
                if (failure != null || (recover && rejectUnrecovered && !subscribed.recovered())) {
                    drop(sub);
                    batch.reply(CentrifugoCodec.error(id, failure != null
                            ? CentrifugoErrorCode.INTERNAL : CentrifugoErrorCode.UNRECOVERABLE_POSITION));
                    return null;
                }
                sub.position(subscribed);
                batch.reply(CentrifugoCodec.reply(id, "subscribe", CentrifugoCodec.subscribeResult(subscribed, recover)));
                batch.activate.add(sub);
                return null;
            });
        });
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Lock held. Adds a subscription whose reply is being prepared. */
    private void add(Sub sub) {
        int n = displays.length;
        displays = java.util.Arrays.copyOf(displays, n + 1);
        fullNames = java.util.Arrays.copyOf(fullNames, n + 1);
        pending = pending == null ? new Sub[n + 1] : java.util.Arrays.copyOf(pending, n + 1);
        displays[n] = sub.display;
        fullNames[n] = sub.channel;
        pending[n] = sub;
    }

    /** Lock held. Removes the subscription at index i. */
    private void removeAt(int i) {
        int n = displays.length;
        String[] d = new String[n - 1];
        String[] f = new String[n - 1];
        System.arraycopy(displays, 0, d, 0, i);
        System.arraycopy(displays, i + 1, d, i, n - 1 - i);
        System.arraycopy(fullNames, 0, f, 0, i);
        System.arraycopy(fullNames, i + 1, f, i, n - 1 - i);
        displays = n == 1 ? NO_NAMES : d;
        fullNames = n == 1 ? NO_NAMES : f;
        if (pending != null) {
            Sub[] p = new Sub[n - 1];
            System.arraycopy(pending, 0, p, 0, i);
            System.arraycopy(pending, i + 1, p, i, n - 1 - i);
            pending = p;
            settled();
        }
    }

    /** Lock held. The index of this pending subscription, or -1 when it was unsubscribed (or replaced) meanwhile. */
    private int pendingIndex(Sub sub) {
        int i = indexOf(displays, sub.display);
        return i >= 0 && pending != null && pending[i] == sub ? i : -1;
    }

    /** Lock held. Marks a pending subscription as active; false when it was unsubscribed meanwhile. */
    private boolean settle(Sub sub) {
        int i = pendingIndex(sub);
        if (i < 0) {
            return false;
        }
        pending[i] = null;
        settled();
        return true;
    }

    /** Lock held. Drops the pending array once nothing is pending. */
    private void settled() {
        for (Sub p : pending) {
            if (p != null) {
                return;
            }
        }
        pending = null;
    }

    private void drop(Sub sub) {
        synchronized (lock) {
            int i = pendingIndex(sub);
            if (i >= 0) {
                removeAt(i);
            }
        }
        backend.unsubscribe(this, sub.channel);
        client.forget(sub.channel);
    }

    private CompletionStage<Void> unsubscribe(int id, JsonNode req, Batch batch) {
        String channel = text(req, "channel");
        if (channel.isEmpty()) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        String full = null;
        synchronized (lock) {
            int i = indexOf(displays, channel);
            if (i >= 0) {
                full = fullNames[i];
                removeAt(i);
            }
        }
        if (full != null) {
            backend.unsubscribe(this, full);
            client.forget(full);
        }
        batch.reply(CentrifugoCodec.reply(id, "unsubscribe", CentrifugoCodec.object()));
        return done();
    }

    private CompletionStage<Void> history(int id, JsonNode req, Batch batch) {
        String channel = text(req, "channel");
        if (channel.isEmpty()) {
            return closeWith(batch, CentrifugoCloseCode.BAD_REQUEST);
        }
        if (req.path("reverse").asBoolean(false)) {
            return error(batch, id, CentrifugoErrorCode.NOT_AVAILABLE);
        }
        // Centrifugo semantics: limit 0 asks for the position only, a negative limit for "as many as allowed".
        long requested = req.path("limit").asLong(0);
        int limit = requested < 0 || requested > options.maxHistoryLimit()
                ? options.maxHistoryLimit() : (int) requested;
        Position since = req.has("since") ? position(req.get("since")) : null;
        Principal p;
        String full;
        synchronized (lock) {
            p = principal;
            int i = indexOf(displays, channel);
            full = i >= 0 ? fullNames[i] : null;
        }
        CompletionStage<Access> access = full != null
                ? CompletableFuture.completedFuture(Access.allow(full))
                : backend.authorize(p, channel, null);
        return guard(access, batch, id, decision -> {
            if (decision.outcome() != CentrifugoBackend.AccessOutcome.ALLOW) {
                return error(batch, id, decision.outcome().error());
            }
            return guard(backend.history(decision.channel(), limit, since), batch, id, (History history) -> {
                batch.reply(CentrifugoCodec.reply(id, "history", CentrifugoCodec.historyResult(history)));
                return done();
            });
        });
    }

    // ------------------------------------------------------------------ timers

    private void onConnectTimeout() {
        boolean stale;
        synchronized (lock) {
            stale = state == State.NEW || state == State.UNUSABLE;
        }
        if (stale) {
            close(CentrifugoCloseCode.STALE);
        }
    }

    /**
     * The periodic check of a connected session, run by the server-wide sweep (every
     * {@code herald.realtime.limits.sweep-interval}): sends the server ping every {@code ping-interval}, closes with
     * 3012 when its pong is {@code pong-timeout} late, and with 3005 when the token expired {@code expired-close-delay}
     * ago without a refresh (the SDK refreshes at the connect reply's {@code ttl}).
     */
    void tick() {
        CentrifugoCloseCode close = null;
        synchronized (lock) {
            if (state != State.CONNECTED) {
                return;
            }
            long now = scheduler.nowMillis();
            long exp = principal.expiresAtSeconds();
            if (exp > 0 && now >= exp * 1000 + options.expiredCloseDelay().toMillis()) {
                close = CentrifugoCloseCode.EXPIRED;
            } else if (pingOutstanding) {
                if (now - pingSentMillis >= options.pongTimeout().toMillis()) {
                    close = CentrifugoCloseCode.NO_PONG;
                }
            } else if (now - pingSentMillis >= options.pingInterval().toMillis()) {
                client.sendControl(CentrifugoCodec.PING_BYTES);
                pingOutstanding = true;
                pingSentMillis = now;
            }
        }
        if (close != null) {
            close(close);
        }
    }

    // ------------------------------------------------------------------ helpers

    private <T> CompletionStage<Void> guard(CompletionStage<T> stage, Batch batch, int id,
                                            Function<T, CompletionStage<Void>> then) {
        return stage.handle((value, failure) -> failure).thenCompose(failure -> {
            if (failure != null) {
                batch.reply(CentrifugoCodec.error(id, CentrifugoErrorCode.INTERNAL));
                return done();
            }
            // Re-read the now completed stage to get its value without an unchecked cast through handle().
            return stage.thenCompose(then);
        });
    }

    private static CompletionStage<Void> error(Batch batch, int id, CentrifugoErrorCode code) {
        batch.reply(CentrifugoCodec.error(id, code));
        return done();
    }

    private static CompletionStage<Void> closeWith(Batch batch, CentrifugoCloseCode code) {
        batch.close = code;
        return done();
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    private static Position position(JsonNode node) {
        return new Position(Math.max(0, node.path("offset").asLong(0)), node.path("epoch").asText(""));
    }

    private static void cancel(Cancellable timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /**
     * A subscription while its reply is prepared (afterwards the session keeps only its two names); guarded by the
     * session lock. Its live publications and position live in the client.
     */
    private static final class Sub {
        private static final long[] NONE = new long[0];
        final String channel;
        final String display;
        // Offsets the subscribe reply already carried as recovered publications (sorted): held live publications at
        // these offsets are dropped when the gate opens. Not a high-water mark: offsets are not a delivery order once
        // progress is throttled (a held progress released at the end of its window follows later offsets of other
        // jobs), so a mark would silently drop it.
        long[] recovered = NONE;
        // the client's position after the reply: the highest offset it was told or sent
        long highest;

        Sub(String channel, String display) {
            this.channel = channel;
            this.display = display;
        }

        void position(Subscribed subscribed) {
            List<Publication> pubs = subscribed.publications();
            highest = subscribed.position().offset();
            for (Publication pub : pubs) {
                highest = Math.max(highest, pub.offset());
            }
            if (pubs.isEmpty()) {
                recovered = NONE;
                return;
            }
            long[] offsets = new long[pubs.size()];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = pubs.get(i).offset();
            }
            java.util.Arrays.sort(offsets);
            recovered = offsets;
        }
    }
}
