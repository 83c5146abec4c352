package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.transport.LimitsConfiguration;
import io.herald.realtime.transport.OutboundQueue;
import io.herald.realtime.transport.ws.WebSocketConnection;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link CentrifugoConnection} on a Netty channel with the same bounded outbound queue as the Herald protocol
 * ({@code herald.realtime.limits.outbound-queue-bytes/-frames}): a client that does not read is closed with 3008
 * instead of growing memory.
 *
 * <p>Calls never block (the session calls them under its lock): frames go to a lock-free queue drained on the
 * channel's event loop, one flush per batch; shared publication bytes are wrapped, not copied. Text frames only: the
 * JSON SDKs cannot read binary frames.
 */
final class NettyCentrifugoConnection implements CentrifugoConnection {

    private final Channel channel;
    private final WebSocketConnection webSocket;
    private final LimitsConfiguration limits;
    private final OutboundQueue outbound;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile CentrifugoSession session;

    NettyCentrifugoConnection(WebSocketConnection webSocket, LimitsConfiguration limits) {
        this.channel = webSocket.channel();
        this.webSocket = webSocket;
        this.limits = limits;
        this.outbound = new OutboundQueue(channel, limits);
    }

    void bind(CentrifugoSession session) {
        this.session = session;
    }

    @Override
    public void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void send(byte[] utf8) {
        if (closing.get()) {
            return;
        }
        if (outbound.offer(utf8)) {
            return;
        }
        outbound.clear();
        CentrifugoSession s = session;
        if (s != null) {
            // close() re-enters under the session lock (reentrant) and ends here in close(int, String)
            s.close(CentrifugoCloseCode.SLOW);
        } else {
            close(CentrifugoCloseCode.SLOW.code(), CentrifugoCloseCode.SLOW.reason());
        }
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> closed() {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        channel.closeFuture().addListener(f -> done.complete(null));
        return done;
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        boolean slow = code == CentrifugoCloseCode.SLOW.code();
        if (slow) {
            outbound.clear();
        }
        channel.eventLoop().execute(() -> {
            if (!slow) {
                outbound.drain();
            }
            // a client that does not read never completes the close handshake: cut after the timeout
            webSocket.close(code, reason, limits.closeTimeout().toMillis());
        });
    }
}
