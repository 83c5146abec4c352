package io.herald.realtime.client;

import io.herald.realtime.auth.Claims;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.hub.Session;
import io.herald.realtime.hub.SessionToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * One client connection, whatever protocol it speaks: the state both the Herald JSON protocol and the Centrifugo
 * protocol keep per connection, and the one {@link Session} the hub delivers to.
 *
 * <ul>
 *   <li><b>Authentication</b>: the verified claims (set once the token is checked, replaced by an in-band refresh),
 *       and the token-expiry notice;</li>
 *   <li><b>subscriptions' positions</b>: per subscribed channel the highest offset sent, so an event below it (a
 *       trailing progress released after later events of other jobs) goes out as the codec's late variant and the
 *       client never moves its position back;</li>
 *   <li><b>the recovery gate</b>: live events of a channel held while its history (or the subscribe reply) is being
 *       prepared, released after it without gap or duplicate, bounded;</li>
 *   <li><b>limits</b>: inbound messages per second, commands answered in request order while one is being answered
 *       off the event loop;</li>
 *   <li><b>heartbeat</b>: the time of the last inbound frame, and the protocol's periodic {@link Supervision} (run by
 *       one server-wide sweep, not by timers per connection);</li>
 *   <li><b>slow client and shutdown</b>: a bounded outbound queue ({@link Transport}) and one close, mapped to the
 *       protocol's close code.</li>
 * </ul>
 *
 * <p>The protocols are codecs plus a command table over this class and keep no delivery state of their own.
 * {@link #send} may be called from any thread and never blocks; the few fields touched only by the connection's
 * command thread are marked so.
 */
public final class Client implements Session {

    /** A protocol's periodic check of one connection (heartbeat, token expiry), run by the server-wide sweep. */
    @FunctionalInterface
    public interface Supervision {
        /**
         * @param client   the connection
         * @param nowNanos {@link System#nanoTime()}
         * @param now      the wall-clock time
         */
        void check(Client client, long nowNanos, Instant now);
    }

    /** A protocol's close codes for Herald's shared close reasons. */
    @FunctionalInterface
    public interface CloseCodes {
        /**
         * @param reason why the server closes
         * @return the WebSocket close code this protocol sends for it
         */
        int code(CloseCode reason);

        /**
         * @param reason why the server closes
         * @return the close frame's reason text; Herald's wording by default
         */
        default String reason(CloseCode reason) {
            return reason.reason();
        }
    }

    private final Transport transport;
    private final ProtocolCodec codec;
    private final int messagesPerSecond;
    private final int maxHeld;
    private final Runnable onSlow;
    private final CloseCodes closeCodes;
    private final AtomicBoolean closing = new AtomicBoolean();

    private volatile Claims claims;
    private volatile boolean expiryAnnounced;
    private volatile Duration expiryNotice;
    private volatile LongFunction<EncodedFrame> expiryFrame;
    private volatile Supervision supervision;
    private volatile Runnable onClose;
    private volatile CloseCode closeCode;
    private volatile long lastInboundNanos = System.nanoTime();

    // recovery gates: channel -> frames held back while history is being prepared (guarded by this; null when none)
    private Map<String, List<EncodedFrame>> gates;

    // per subscribed channel, the highest event offset sent (guarded by this): parallel arrays, not a map, as the
    // connection usually has a handful of subscriptions
    private String[] trackedChannels = new String[0];
    private long[] highest = new long[0];
    // per tracked channel, the sorted offsets its recovery (or snapshot) already sent or covered, or null: the live
    // stream may still route one of them after the gate opened (the history read can run ahead of the live consumer)
    private long[][] covered = new long[0][];
    private int tracked;

    // inbound frames that wait while a command of this connection is still being answered (command thread only)
    private ArrayDeque<String> deferred;
    private boolean busy;

    // inbound rate limiting (command thread only)
    private long rateWindowStart = System.nanoTime();
    private int rateCount;

    /**
     * @param transport         the socket
     * @param codec             the protocol's event encoder (shared by all its connections)
     * @param messagesPerSecond inbound messages per second before {@link #countInbound} reports an excess
     * @param maxHeld           most live events held by one recovery gate; more closes the connection with
     *                          {@link CloseCode#RECOVERY_OVERFLOW}
     * @param onSlow            called once when the connection is closed as slow (metrics)
     * @param closeCodes        maps Herald's close vocabulary to this connection's wire code (Centrifugo: 3xxx; the
     *                          authentication-failure code is configurable per Herald endpoint)
     */
    public Client(Transport transport, ProtocolCodec codec, int messagesPerSecond, int maxHeld, Runnable onSlow,
                  CloseCodes closeCodes) {
        this.transport = transport;
        this.codec = codec;
        this.messagesPerSecond = messagesPerSecond;
        this.maxHeld = maxHeld;
        this.onSlow = onSlow;
        this.closeCodes = closeCodes;
    }

    // ------------------------------------------------------------------ identity and token

    @Override
    public String id() {
        return transport.id();
    }

    @Override
    public String userId() {
        Claims current = claims;
        return current == null ? null : current.userId();
    }

    @Override
    public SessionToken token() {
        return claims.sessionToken();
    }

    /** @return the verified claims (those of the last refresh), or null before authentication */
    public Claims claims() {
        return claims;
    }

    /**
     * Sets the verified claims: at authentication, and after an in-band refresh (same user).
     *
     * @param verified the token's claims
     */
    public void authenticated(Claims verified) {
        this.claims = verified;
        this.expiryAnnounced = false;
    }

    /**
     * Asks the client to tell its peer, once per token, that the token expires soon.
     *
     * @param notice how long before the expiry
     * @param frame  the protocol's frame for an expiry at the given epoch second
     */
    public void expiryNotice(Duration notice, LongFunction<EncodedFrame> frame) {
        this.expiryNotice = notice;
        this.expiryFrame = frame;
    }

    /**
     * Sends the expiry notice when the token expires within the notice time and it was not sent for this token yet.
     *
     * @param now the current time
     */
    public void announceExpiryIfDue(Instant now) {
        LongFunction<EncodedFrame> frame = expiryFrame;
        Claims current = claims;
        if (frame == null || expiryAnnounced || current == null) {
            return;
        }
        Instant expires = current.expiresAt();
        if (!now.isBefore(expires.minus(expiryNotice))) {
            expiryAnnounced = true;
            send(frame.apply(expires.getEpochSecond()));
        }
    }

    // ------------------------------------------------------------------ supervision and closing hooks

    /** @param check the protocol's periodic check of this connection (heartbeat, expiry) */
    public void supervise(Supervision check) {
        this.supervision = check;
    }

    /**
     * Runs the protocol's periodic check (called by the server-wide sweep).
     *
     * @param nowNanos {@link System#nanoTime()}
     * @param now      the wall-clock time
     */
    public void supervise(long nowNanos, Instant now) {
        Supervision check = supervision;
        if (check != null && !closing.get()) {
            check.check(this, nowNanos, now);
        }
    }

    /** @param hook run once when the connection is closed by the server, for whatever reason */
    public void onClose(Runnable hook) {
        this.onClose = hook;
    }

    // ------------------------------------------------------------------ commands in order

    /** @return the thread the connection's commands run on (the event loop) */
    public Executor executor() {
        return transport.executor();
    }

    /**
     * Command thread only. While a command of this connection is answered off that thread (a recovery, a token
     * check), the frames that follow wait, so replies keep the order of the requests.
     *
     * @return true when the connection is busy (the caller defers the frame with {@link #defer})
     */
    public boolean busy() {
        return busy;
    }

    /** Command thread only: marks the connection busy until {@link #resume}. */
    public void markBusy() {
        busy = true;
    }

    /**
     * Command thread only: keeps a frame for when the connection is no longer busy.
     *
     * @param text the frame
     * @param max  most frames that may wait
     * @return false when {@code max} frames already wait (the caller closes the connection)
     */
    public boolean defer(String text, int max) {
        if (deferred == null) {
            deferred = new ArrayDeque<>(4);
        }
        if (deferred.size() >= max) {
            return false;
        }
        deferred.add(text);
        return true;
    }

    /**
     * Command thread only: ends the busy state and hands the waiting frames to {@code handler}, in order, until one
     * makes the connection busy again.
     *
     * @param handler processes one frame
     */
    public void resume(Consumer<String> handler) {
        busy = false;
        while (!busy && deferred != null && !deferred.isEmpty() && !closing.get()) {
            handler.accept(deferred.poll());
        }
    }

    /**
     * Counts one inbound message against the per-second limit. Command thread only.
     *
     * @return 0 when within the limit, 1 when over it (answer with an error), 2 when at twice the limit (close)
     */
    public int countInbound() {
        long now = System.nanoTime();
        if (now - rateWindowStart >= 1_000_000_000L) {
            rateWindowStart = now;
            rateCount = 0;
        }
        rateCount++;
        if (rateCount > 2 * messagesPerSecond) {
            return 2;
        }
        return rateCount > messagesPerSecond ? 1 : 0;
    }

    /** Records client activity (any inbound frame) for the heartbeat check. */
    public void touch() {
        lastInboundNanos = System.nanoTime();
    }

    /** @return nanoTime of the last inbound frame */
    public long lastInboundNanos() {
        return lastInboundNanos;
    }

    // ------------------------------------------------------------------ delivery

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public void send(EncodedFrame frame) {
        if (closing.get()) {
            return;
        }
        if (frame.channel() == null) {
            if (!enqueue(frame)) {
                close(CloseCode.SLOW_CLIENT);
            }
            return;
        }
        boolean overflow = false;
        boolean slow = false;
        synchronized (this) {
            List<EncodedFrame> held = gates == null ? null : gates.get(frame.channel());
            if (held == null) {
                slow = !enqueueEvent(frame);
            } else if (held.size() >= maxHeld) {
                overflow = true;
            } else {
                held.add(frame);
            }
        }
        // closes run outside this monitor: a protocol's close hook takes its own lock, which may be held by a thread
        // that is about to call into this client (lock order: protocol, then client)
        if (slow) {
            close(CloseCode.SLOW_CLIENT);
        } else if (overflow) {
            close(CloseCode.RECOVERY_OVERFLOW);
        }
    }

    /**
     * Queues a control frame (a reply, an error).
     *
     * @param utf8 the frame
     */
    public void sendControl(byte[] utf8) {
        send(EncodedFrame.control(utf8));
    }

    /** @return false when the outbound queue is over its limits (the caller closes as a slow client) */
    private boolean enqueue(EncodedFrame frame) {
        return transport.offer(frame.utf8());
    }

    /**
     * Lock held. Writes an event and keeps the channel's highest offset sent; an event below it goes out as the
     * codec's late variant so the client keeps its position.
     *
     * @return false when the outbound queue is over its limits
     */
    private boolean enqueueEvent(EncodedFrame frame) {
        int slot = slot(frame.channel());
        if (frame.offset() <= highest[slot]) {
            long[] sent = covered[slot];
            return sent != null && Arrays.binarySearch(sent, frame.offset()) >= 0 || enqueue(codec.late(frame));
        }
        highest[slot] = frame.offset();
        return enqueue(frame);
    }

    /** Lock held. The index of the channel's highest-offset entry, created at 0 when missing. */
    private int slot(String fullChannel) {
        for (int i = 0; i < tracked; i++) {
            String name = trackedChannels[i];
            if (name == fullChannel) {
                return i;
            }
            if (name.equals(fullChannel)) {
                // keep the instance deliveries carry (the hub's, shared by all subscribers): the next lookups of this
                // channel compare references only
                trackedChannels[i] = fullChannel;
                return i;
            }
        }
        if (tracked == trackedChannels.length) {
            int size = Math.max(4, tracked * 2);
            trackedChannels = Arrays.copyOf(trackedChannels, size);
            highest = Arrays.copyOf(highest, size);
            covered = Arrays.copyOf(covered, size);
        }
        trackedChannels[tracked] = fullChannel;
        highest[tracked] = 0;
        covered[tracked] = null;
        return tracked++;
    }

    /**
     * Forgets what was sent on a channel and drops a gate left open on it (after an unsubscribe, or a subscribe that
     * failed: a new subscription starts from the client's new position).
     *
     * @param fullChannel the channel
     */
    public synchronized void forget(String fullChannel) {
        if (gates != null && gates.remove(fullChannel) != null && gates.isEmpty()) {
            gates = null;
        }
        for (int i = 0; i < tracked; i++) {
            if (trackedChannels[i].equals(fullChannel)) {
                tracked--;
                trackedChannels[i] = trackedChannels[tracked];
                highest[i] = highest[tracked];
                covered[i] = covered[tracked];
                trackedChannels[tracked] = null;
                covered[tracked] = null;
                return;
            }
        }
    }

    /**
     * Holds back live events of a channel until {@link #openGate} (while its history or subscribe reply is prepared).
     *
     * @param fullChannel the channel
     */
    public synchronized void closeGate(String fullChannel) {
        if (gates == null) {
            gates = new HashMap<>(2);
        }
        gates.put(fullChannel, new ArrayList<>());
    }

    /**
     * Sends a control frame (the subscribe answer), the recovered history, then the live events held meanwhile that the
     * history did not carry, and stops holding. The client recovers from the highest offset it saw: history events
     * below an offset already sent, and held events below the position, go out late (see {@link #send}); a live event
     * the history already carried is dropped, whatever its place in the history, also when it is routed after the
     * gate opened.
     *
     * @param fullChannel the channel
     * @param history     encoded history events in the order the throttle released them
     * @param control     a control frame to send first (or null)
     * @param position    the channel position the control frame told the client (0 when none)
     */
    public void openGate(String fullChannel, List<EncodedFrame> history, EncodedFrame control, long position) {
        openGate(fullChannel, history, control, position, new long[0]);
    }

    /**
     * {@link #openGate(String, List, EncodedFrame, long)} that also drops the held events at the given offsets (a
     * snapshot's read, or a subscribe reply's recovered publications, covered them).
     *
     * @param covered offsets of events that are not news to the client
     */
    public void openGate(String fullChannel, List<EncodedFrame> history, EncodedFrame control, long position, long[] covered) {
        boolean written = true;
        synchronized (this) {
            if (control != null) {
                written = enqueue(control);
            }
            long[] replayed = Arrays.copyOf(covered, covered.length + history.size());
            int i = covered.length;
            for (EncodedFrame frame : history) {
                written &= enqueueEvent(frame);
                replayed[i++] = frame.offset();
            }
            Arrays.sort(replayed);
            int slot = slot(fullChannel);
            highest[slot] = Math.max(highest[slot], position);
            if (replayed.length > 0) {
                long[] before = this.covered[slot];
                this.covered[slot] = before == null ? replayed : union(before, replayed);
            }
            List<EncodedFrame> held = gates == null ? null : gates.remove(fullChannel);
            if (held != null) {
                for (EncodedFrame frame : held) {
                    if (Arrays.binarySearch(replayed, frame.offset()) < 0) {
                        written &= enqueueEvent(frame);
                    }
                }
            }
            if (gates != null && gates.isEmpty()) {
                gates = null;
            }
        }
        if (!written) {
            close(CloseCode.SLOW_CLIENT);
        }
    }

    private static long[] union(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }

    // ------------------------------------------------------------------ closing

    @Override
    public void close(CloseCode code) {
        close(closeCodes.code(code), closeCodes.reason(code), code);
    }

    /**
     * Closes with a protocol's own close code (one outside Herald's shared vocabulary, e.g. Centrifugo's 3501 bad
     * request), after the frames already queued.
     *
     * @param code   the WebSocket close code
     * @param reason the plain-text reason
     */
    public void close(int code, String reason) {
        close(code, reason, null);
    }

    private void close(int wireCode, String reason, CloseCode code) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeCode = code;
        boolean discard = code == CloseCode.SLOW_CLIENT;
        if (discard) {
            onSlow.run();
        }
        transport.close(wireCode, reason, discard);
        Runnable hook = onClose;
        if (hook != null) {
            hook.run();
        }
    }

    @Override
    public CompletionStage<Void> closed() {
        return transport.closed();
    }

    /** @return the shared close reason this client was closed with by the server, or null */
    public CloseCode closeCode() {
        return closeCode;
    }

    /** @return true once the server closed the connection */
    public boolean closing() {
        return closing.get();
    }
}
