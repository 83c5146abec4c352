package io.herald.realtime.transport;

import io.herald.realtime.auth.Claims;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.hub.Session;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link Session} on a Netty channel, with the bounded outbound queue DESIGN §6 asks for (shared by every protocol).
 *
 * <p>{@link #send} may be called from any thread and never blocks: it appends to a lock-free queue and, if no drain is
 * pending, schedules one on the channel's event loop. A drain writes everything queued and flushes once. The bytes and
 * frames counted against the limits are those not yet written to the socket (our queue plus Netty's outbound buffer),
 * released when the last write of a batch completes; crossing a limit closes the session with
 * {@link CloseCode#SLOW_CLIENT} and discards its queue, so a client that stops reading costs at most the limit.
 *
 * <p>Micronaut's {@code WebSocketSession.sendAsync} has no back-pressure (micronaut-core #8984), hence the direct
 * channel writes; the close handshake still goes through Micronaut so its handler sees the close.
 */
public final class NettySession implements Session {

    private final String id;
    private final Claims claims;
    private final ProtocolCodec codec;
    private final Channel channel;
    private final WebSocketSession webSocket;
    private final LimitsConfiguration limits;
    private final Runnable onSlow;
    private final Function<CloseCode, CloseReason> closeReasons;

    private final OutboundQueue outbound;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile CloseCode closeCode;
    private volatile long lastInboundNanos = System.nanoTime();

    // recovery gates: channel -> frames held back while history is being sent (guarded by this)
    private volatile boolean gated;
    private Map<String, List<EncodedFrame>> gates;

    // inbound rate limiting, touched only on the event loop
    private long rateWindowStart = System.nanoTime();
    private int rateCount;

    /**
     * @param id        process-unique session id
     * @param claims    the verified token claims
     * @param codec     the protocol's codec
     * @param channel   the Netty channel under the WebSocket
     * @param webSocket Micronaut's session (for the close handshake)
     * @param limits    queue limits
     * @param onSlow    called once when the session is closed as slow (metrics)
     */
    public NettySession(String id, Claims claims, ProtocolCodec codec, Channel channel, WebSocketSession webSocket,
                        LimitsConfiguration limits, Runnable onSlow) {
        this(id, claims, codec, channel, webSocket, limits, onSlow, code -> new CloseReason(code.code(), code.reason()));
    }

    /**
     * Like the other constructor, for a protocol with its own close codes (Centrifugo: 3xxx).
     *
     * @param id           process-unique session id
     * @param claims       the verified token claims
     * @param codec        the protocol's codec
     * @param channel      the Netty channel under the WebSocket
     * @param webSocket    Micronaut's session (for the close handshake)
     * @param limits       queue limits
     * @param onSlow       called once when the session is closed as slow (metrics)
     * @param closeReasons maps Herald's close vocabulary to this protocol's close frame
     */
    public NettySession(String id, Claims claims, ProtocolCodec codec, Channel channel, WebSocketSession webSocket,
                        LimitsConfiguration limits, Runnable onSlow, Function<CloseCode, CloseReason> closeReasons) {
        this.closeReasons = closeReasons;
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

    /** @return the verified claims of the connection */
    public Claims claims() {
        return claims;
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
        if (gated && frame.channel() != null && hold(frame)) {
            return;
        }
        enqueue(frame);
    }

    private void enqueue(EncodedFrame frame) {
        if (!outbound.offer(frame.utf8())) {
            close(CloseCode.SLOW_CLIENT);
        }
    }

    private synchronized boolean hold(EncodedFrame frame) {
        if (gates == null) {
            return false;
        }
        List<EncodedFrame> held = gates.get(frame.channel());
        if (held == null) {
            return false;
        }
        held.add(frame);
        return true;
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
        gated = true;
    }

    /**
     * Sends a control frame (the subscribe answer), the recovered history, then the live events held meanwhile that are
     * newer than it, and stops holding.
     *
     * @param fullChannel the channel
     * @param history     encoded history events in order
     * @param control     a control frame to send first (or null)
     */
    public void openGate(String fullChannel, List<EncodedFrame> history, EncodedFrame control) {
        synchronized (this) {
            if (control != null) {
                enqueue(control);
            }
            long last = 0;
            for (EncodedFrame frame : history) {
                enqueue(frame);
                last = frame.offset();
            }
            List<EncodedFrame> held = gates == null ? null : gates.remove(fullChannel);
            if (held != null) {
                for (EncodedFrame frame : held) {
                    if (frame.offset() > last) {
                        enqueue(frame);
                    }
                }
            }
            gated = gates != null && !gates.isEmpty();
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
            if (webSocket.isOpen()) {
                webSocket.close(closeReasons.apply(code));
            }
            // a client that does not read never completes the close handshake: cut it after the timeout
            channel.eventLoop().schedule(() -> {
                if (channel.isOpen()) {
                    channel.close();
                }
            }, limits.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        });
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
