package io.herald.realtime.transport;

import io.herald.realtime.auth.Claims;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.hub.Session;
import io.herald.realtime.transport.ws.WebSocketConnection;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;

/**
 * A {@link Session} on a Netty channel, with a bounded outbound queue (shared by every protocol).
 *
 * <p>{@link #send} may be called from any thread and never blocks: it appends to a lock-free queue and, if no drain is
 * pending, schedules one on the channel's event loop. A drain writes everything queued and flushes once. The bytes and
 * frames counted against the limits are those not yet written to the socket (our queue plus Netty's outbound buffer),
 * released when the last write of a batch completes; crossing a limit closes the session with
 * {@link CloseCode#SLOW_CLIENT} and discards its queue, so a client that stops reading costs at most the limit.
 */
public final class NettySession implements Session {

    private final String id;
    private volatile Claims claims;
    private volatile boolean expiryAnnounced;
    private volatile java.time.Duration expiryNotice;
    private volatile java.util.function.LongFunction<EncodedFrame> expiryFrame;
    private final ProtocolCodec codec;
    private final Channel channel;
    private final WebSocketConnection webSocket;
    private final LimitsConfiguration limits;
    private final Runnable onSlow;
    private final ToIntFunction<CloseCode> closeCodes;

    private final OutboundQueue outbound;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile CloseCode closeCode;
    private volatile long lastInboundNanos = System.nanoTime();

    // recovery gates: channel -> frames held back while history is being sent (guarded by this; null when none)
    private Map<String, List<EncodedFrame>> gates;

    // per subscribed channel, the highest event offset sent (guarded by this): parallel arrays, not a map, as the
    // connection usually has a handful of subscriptions
    private String[] trackedChannels = new String[0];
    private long[] highest = new long[0];
    private int tracked;

    // inbound frames that wait while a command of this connection is still being answered (event loop only)
    private java.util.ArrayDeque<String> deferred;
    private boolean busy;

    // inbound rate limiting, touched only on the event loop
    private long rateWindowStart = System.nanoTime();
    private int rateCount;

    /**
     * @param id        process-unique session id
     * @param claims    the verified token claims
     * @param codec     the protocol's codec
     * @param channel   the Netty channel under the WebSocket
     * @param webSocket the connection (for the close handshake)
     * @param limits    queue limits
     * @param onSlow    called once when the session is closed as slow (metrics)
     */
    public NettySession(String id, Claims claims, ProtocolCodec codec, Channel channel, WebSocketConnection webSocket,
                        LimitsConfiguration limits, Runnable onSlow) {
        this(id, claims, codec, channel, webSocket, limits, onSlow, CloseCode::code);
    }

    /**
     * Like the other constructor, for a protocol with its own close codes (Centrifugo: 3xxx).
     *
     * @param id           process-unique session id
     * @param claims       the verified token claims
     * @param codec        the protocol's codec
     * @param channel      the Netty channel under the WebSocket
     * @param webSocket    the connection (for the close handshake)
     * @param limits       queue limits
     * @param onSlow       called once when the session is closed as slow (metrics)
     * @param closeCodes   maps Herald's close vocabulary to this endpoint's close code (the authentication-failure
     *                     code is configurable per endpoint)
     */
    public NettySession(String id, Claims claims, ProtocolCodec codec, Channel channel, WebSocketConnection webSocket,
                        LimitsConfiguration limits, Runnable onSlow, ToIntFunction<CloseCode> closeCodes) {
        this.closeCodes = closeCodes;
        this.id = id;
        this.claims = claims;
        this.codec = codec;
        this.channel = channel;
        this.webSocket = webSocket;
        this.limits = limits;
        this.onSlow = onSlow;
        this.outbound = new OutboundQueue(channel, limits);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String userId() {
        return claims.userId();
    }

    @Override
    public io.herald.realtime.hub.SessionToken token() {
        return claims.sessionToken();
    }

    /** @return the verified claims of the connection (those of the last refresh) */
    public Claims claims() {
        return claims;
    }

    /**
     * Replaces the claims after an in-band token refresh (same user).
     *
     * @param refreshed the new token's claims
     */
    public void refreshed(Claims refreshed) {
        this.claims = refreshed;
        this.expiryAnnounced = false;
    }

    /**
     * Asks the session to tell its client, once per token, that the token expires soon.
     *
     * @param notice how long before the expiry
     * @param frame  the protocol's frame for an expiry at the given epoch second
     */
    public void expiryNotice(java.time.Duration notice, java.util.function.LongFunction<EncodedFrame> frame) {
        this.expiryNotice = notice;
        this.expiryFrame = frame;
    }

    /**
     * Sends the expiry notice when the token expires within the notice time and it was not sent for this token yet.
     * Any thread.
     *
     * @param now the current time
     */
    public void announceExpiryIfDue(java.time.Instant now) {
        java.util.function.LongFunction<EncodedFrame> frame = expiryFrame;
        if (frame == null || expiryAnnounced) {
            return;
        }
        java.time.Instant expires = claims.expiresAt();
        if (!now.isBefore(expires.minus(expiryNotice))) {
            expiryAnnounced = true;
            send(frame.apply(expires.getEpochSecond()));
        }
    }

    /**
     * Event loop only. While a command of this connection is answered off the event loop (a recovery), the frames that
     * follow wait, so replies keep the order of the requests.
     *
     * @return true when the connection is busy (the caller defers the frame with {@link #defer})
     */
    public boolean busy() {
        return busy;
    }

    /** Event loop only: marks the connection busy until {@link #resume}. */
    public void markBusy() {
        busy = true;
    }

    /**
     * Event loop only: keeps a frame for when the connection is no longer busy.
     *
     * @param text the frame
     * @param max  most frames that may wait
     * @return false when {@code max} frames already wait (the caller closes the connection)
     */
    public boolean defer(String text, int max) {
        if (deferred == null) {
            deferred = new java.util.ArrayDeque<>(4);
        }
        if (deferred.size() >= max) {
            return false;
        }
        deferred.add(text);
        return true;
    }

    /**
     * Event loop only: ends the busy state and hands the waiting frames to {@code handler}, in order, until one makes
     * the connection busy again.
     *
     * @param handler processes one frame
     */
    public void resume(java.util.function.Consumer<String> handler) {
        busy = false;
        while (!busy && deferred != null && !deferred.isEmpty() && !closing.get()) {
            handler.accept(deferred.poll());
        }
    }

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    /** @return the Netty channel */
    public Channel channel() {
        return channel;
    }

    @Override
    public void send(EncodedFrame frame) {
        if (closing.get()) {
            return;
        }
        if (frame.channel() == null) {
            enqueue(frame);
            return;
        }
        synchronized (this) {
            if (gates != null) {
                List<EncodedFrame> held = gates.get(frame.channel());
                if (held != null) {
                    held.add(frame);
                    return;
                }
            }
            enqueueEvent(frame);
        }
    }

    private void enqueue(EncodedFrame frame) {
        if (!outbound.offer(frame.utf8())) {
            close(CloseCode.SLOW_CLIENT);
        }
    }

    /**
     * Lock held. Writes an event and keeps the channel's highest offset sent; an event below it (a trailing progress
     * released after later events of other jobs) goes out as the codec's late variant so the client keeps its position.
     */
    private void enqueueEvent(EncodedFrame frame) {
        int slot = slot(frame.channel());
        if (frame.offset() <= highest[slot]) {
            enqueue(codec.late(frame));
        } else {
            highest[slot] = frame.offset();
            enqueue(frame);
        }
    }

    /** Lock held. The index of the channel's highest-offset entry, created at 0 when missing. */
    private int slot(String fullChannel) {
        for (int i = 0; i < tracked; i++) {
            if (trackedChannels[i].equals(fullChannel)) {
                return i;
            }
        }
        if (tracked == trackedChannels.length) {
            int size = Math.max(4, tracked * 2);
            trackedChannels = java.util.Arrays.copyOf(trackedChannels, size);
            highest = java.util.Arrays.copyOf(highest, size);
        }
        trackedChannels[tracked] = fullChannel;
        highest[tracked] = 0;
        return tracked++;
    }

    /**
     * Forgets what was sent on a channel (after an unsubscribe: a new subscription starts from the client's new
     * position).
     *
     * @param fullChannel the channel
     */
    public synchronized void forget(String fullChannel) {
        for (int i = 0; i < tracked; i++) {
            if (trackedChannels[i].equals(fullChannel)) {
                tracked--;
                trackedChannels[i] = trackedChannels[tracked];
                highest[i] = highest[tracked];
                trackedChannels[tracked] = null;
                return;
            }
        }
    }

    /**
     * Holds back live events of a channel until {@link #openGate} (used while its history is sent).
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
     * below an offset already sent, and held events below the position, go out late (see {@link #send}); a held event
     * the history already carried is dropped, whatever its place in the history.
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
     * snapshot's read covered them: they are in it or superseded by it).
     *
     * @param covered offsets of events that are not news to the client
     */
    public void openGate(String fullChannel, List<EncodedFrame> history, EncodedFrame control, long position, long[] covered) {
        synchronized (this) {
            if (control != null) {
                enqueue(control);
            }
            long[] replayed = java.util.Arrays.copyOf(covered, covered.length + history.size());
            int i = covered.length;
            for (EncodedFrame frame : history) {
                enqueueEvent(frame);
                replayed[i++] = frame.offset();
            }
            java.util.Arrays.sort(replayed);
            int slot = slot(fullChannel);
            highest[slot] = Math.max(highest[slot], position);
            List<EncodedFrame> held = gates == null ? null : gates.remove(fullChannel);
            if (held != null) {
                for (EncodedFrame frame : held) {
                    if (java.util.Arrays.binarySearch(replayed, frame.offset()) < 0) {
                        enqueueEvent(frame);
                    }
                }
            }
            if (gates != null && gates.isEmpty()) {
                gates = null;
            }
        }
    }

    @Override
    public void close(CloseCode code) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeCode = code;
        if (code == CloseCode.SLOW_CLIENT) {
            outbound.clear();
            onSlow.run();
        }
        channel.eventLoop().execute(() -> {
            if (code != CloseCode.SLOW_CLIENT) {
                outbound.drain();
            }
            if (webSocket != null) {
                // a client that does not read never completes the close handshake: cut after the timeout
                webSocket.close(closeCodes.applyAsInt(code), code.reason(), limits.closeTimeout().toMillis());
            }
        });
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> closed() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        channel.closeFuture().addListener(f -> done.complete(null));
        return done;
    }

    /** @return the code this session was closed with by the server, or null */
    public CloseCode closeCode() {
        return closeCode;
    }

    /** @return true once {@link #close} was called */
    public boolean closing() {
        return closing.get();
    }

    /** Records client activity (any inbound frame) for the heartbeat check. */
    public void touch() {
        lastInboundNanos = System.nanoTime();
    }

    /** @return nanoTime of the last inbound frame */
    public long lastInboundNanos() {
        return lastInboundNanos;
    }

    /**
     * Counts one inbound message against the per-second limit. Event loop only.
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
        if (rateCount > 2 * limits.messagesPerSecond()) {
            return 2;
        }
        return rateCount > limits.messagesPerSecond() ? 1 : 0;
    }

    /** @return bytes queued or in Netty's buffer, not yet written to the socket */
    public long pendingBytes() {
        return outbound.pendingBytes();
    }
}
