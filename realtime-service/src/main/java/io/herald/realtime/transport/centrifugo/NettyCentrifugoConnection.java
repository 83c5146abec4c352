package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.transport.LimitsConfiguration;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link CentrifugoConnection} on a Netty channel with the same bounded outbound queue as the Herald protocol
 * ({@code herald.realtime.limits.outbound-queue-bytes/-frames}): a client that does not read is closed with 3008
 * instead of growing memory (Micronaut's {@code sendAsync} has no back-pressure, micronaut-core #8984).
 *
 * <p>Calls never block (the session calls them under its lock): frames go to a lock-free queue drained on the
 * channel's event loop, one flush per batch; shared publication bytes are wrapped, not copied. Text frames only: the
 * JSON SDKs cannot read binary frames.
 */
final class NettyCentrifugoConnection implements CentrifugoConnection {

    private final Channel channel;
    private final WebSocketSession webSocket;
    private final LimitsConfiguration limits;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile CentrifugoSession session;

    NettyCentrifugoConnection(Channel channel, WebSocketSession webSocket, LimitsConfiguration limits) {
        this.channel = channel;
        this.webSocket = webSocket;
        this.limits = limits;
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
        long bytes = pendingBytes.addAndGet(utf8.length);
        int frames = pendingFrames.incrementAndGet();
        if (bytes > limits.outboundQueueBytes() || frames > limits.outboundQueueFrames()) {
            queue.clear();
            CentrifugoSession s = session;
            if (s != null) {
                // close() re-enters under the session lock (reentrant) and ends here in close(int, String)
                s.close(CentrifugoCloseCode.SLOW);
            } else {
                close(CentrifugoCloseCode.SLOW.code(), CentrifugoCloseCode.SLOW.reason());
            }
            return;
        }
        queue.offer(utf8);
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (!channel.isActive()) {
            queue.clear();
            return;
        }
        byte[] frame = queue.poll();
        if (frame == null) {
            return;
        }
        long bytes = 0;
        int frames = 0;
        while (frame != null) {
            byte[] next = queue.poll();
            bytes += frame.length;
            frames++;
            TextWebSocketFrame wire = new TextWebSocketFrame(Unpooled.wrappedBuffer(frame));
            if (next == null) {
                long batchBytes = bytes;
                int batchFrames = frames;
                ChannelPromise done = channel.newPromise();
                done.addListener(f -> {
                    pendingBytes.addAndGet(-batchBytes);
                    pendingFrames.addAndGet(-batchFrames);
                });
                channel.write(wire, done);
            } else {
                channel.write(wire, channel.voidPromise());
            }
            frame = next;
        }
        channel.flush();
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        boolean slow = code == CentrifugoCloseCode.SLOW.code();
        if (slow) {
            queue.clear();
        }
        channel.eventLoop().execute(() -> {
            if (!slow) {
                drain();
            }
            if (webSocket.isOpen()) {
                webSocket.close(new CloseReason(code, reason));
            }
            // a client that does not read never completes the close handshake: cut it after the timeout
            channel.eventLoop().schedule(() -> {
                if (channel.isOpen()) {
                    channel.close();
                }
            }, limits.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        });
    }
}
