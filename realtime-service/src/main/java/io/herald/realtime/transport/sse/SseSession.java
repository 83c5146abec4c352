package io.herald.realtime.transport.sse;

import io.herald.realtime.auth.Claims;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.hub.Session;
import io.micronaut.http.sse.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One SSE stream as a hub session. Frames go into a unicast sink that Micronaut's Netty response drains as the socket
 * can take them; more than {@code herald.realtime.limits.outbound-queue-frames} waiting (the client reads too slowly)
 * ends the stream, as 4013 ends a WebSocket. While a {@code Last-Event-ID}
 * recovery is read, live events are held and then sent after the history, minus the ones it carried.
 *
 * <p>{@code id:} is the event's offset, and only when it is above every offset already sent: offsets are stream
 * positions shared by all channels, so one number recovers them all, and a late progress (released after later
 * events) must not move the client's position back.
 */
final class SseSession implements Session {

    private static final Event<String> HEARTBEAT = Event.of("").comment("heartbeat");

    private final String id;
    private final Claims claims;
    private final SseCodec codec;
    private final Sinks.Many<Event<String>> sink;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Runnable onSlow;
    private final int maxQueued;
    // events handed to the sink and not yet taken by the response (which takes them as Netty can write)
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private long highest; // guarded by this
    private List<EncodedFrame> held; // guarded by this; non-null while a recovery is read

    SseSession(String id, Claims claims, SseCodec codec, int maxQueued, Runnable onSlow) {
        this.id = id;
        this.claims = claims;
        this.codec = codec;
        this.onSlow = onSlow;
        this.maxQueued = maxQueued;
        this.sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<Event<String>>unbounded().get());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String userId() {
        return claims.userId();
    }

    Claims claims() {
        return claims;
    }

    @Override
    public io.herald.realtime.hub.SessionToken token() {
        return claims.sessionToken();
    }

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public void send(EncodedFrame frame) {
        if (closing.get()) {
            return;
        }
        synchronized (this) {
            if (held != null && frame.channel() != null) {
                held.add(frame);
                return;
            }
            emitEvent(frame);
        }
    }

    /** Holds live events until {@link #endRecovery}. */
    synchronized void beginRecovery() {
        held = new ArrayList<>();
    }

    /**
     * Sends a control event, the recovered history, then the held live events the history did not carry.
     *
     * @param control  the first event (the connection's description)
     * @param history  recovered events in order
     * @param position the offset the client said it had
     */
    synchronized void endRecovery(Event<String> control, List<EncodedFrame> history, long position) {
        emit(control);
        highest = Math.max(highest, position);
        long[] replayed = new long[history.size()];
        int i = 0;
        for (EncodedFrame frame : history) {
            emitEvent(frame);
            replayed[i++] = frame.offset();
        }
        Arrays.sort(replayed);
        List<EncodedFrame> live = held == null ? List.of() : held;
        held = null;
        for (EncodedFrame frame : live) {
            if (Arrays.binarySearch(replayed, frame.offset()) < 0) {
                emitEvent(frame);
            }
        }
    }

    synchronized void control(Event<String> event) {
        emit(event);
    }

    /** Lock held. */
    private void emitEvent(EncodedFrame frame) {
        Event<String> event;
        if (frame.offset() > highest) {
            highest = frame.offset();
            event = Event.of(frame.text()).id(Long.toString(frame.offset()));
        } else {
            event = Event.of(codec.late(frame).text());
        }
        emit(event.name(codec.type(frame)));
    }

    /** Lock held (or the only writer). */
    private void emit(Event<String> event) {
        if (closing.get()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued || sink.tryEmitNext(event).isFailure()) {
            onSlow.run();
            close(CloseCode.SLOW_CLIENT);
        }
    }

    /** Writes a heartbeat comment, or ends the stream once the token has expired. */
    synchronized void tick(Instant now) {
        if (!now.isBefore(claims.expiresAt())) {
            close(CloseCode.INVALID_TOKEN);
        } else {
            emit(HEARTBEAT);
        }
    }

    /** @return the stream; completes when the session closes */
    Flux<Event<String>> events() {
        return sink.asFlux().doOnNext(event -> queued.decrementAndGet());
    }

    /** The response is gone (completed, failed or cancelled by the client). */
    void finished() {
        closing.set(true);
        closed.complete(null);
    }

    @Override
    public void close(CloseCode code) {
        // the queued events are written first: completion follows them through the sink
        if (closing.compareAndSet(false, true)) {
            synchronized (this) {
                if (code == CloseCode.DISCONNECTED || code == CloseCode.TOKEN_REVOKED) {
                    // the last event says why the stream ends, so a client can stop its EventSource
                    queued.incrementAndGet();
                    sink.tryEmitNext(Event.of("{\"code\":" + code.code() + ",\"reason\":\"" + code.reason() + "\"}")
                        .name("disconnect"));
                }
                sink.tryEmitComplete();
            }
        }
    }

    @Override
    public CompletionStage<Void> closed() {
        return closed;
    }
}
