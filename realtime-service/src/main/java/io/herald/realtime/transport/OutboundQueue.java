package io.herald.realtime.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.herald.realtime.transport.ws.WebSocketFraming;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The bounded outbound queue of one WebSocket connection, shared by every protocol's Netty connection:
 * Micronaut's {@code sendAsync} has no back-pressure (micronaut-core #8984), so without a bound a client that stops
 * reading grows the server's memory and slows everyone else.
 *
 * <p>{@link #offer} may be called from any thread and never blocks: it appends to a lock-free queue and, if no drain
 * is pending, registers the queue with its event loop's {@link LoopFlusher}. A drain writes everything queued and flushes once. The bytes
 * and frames counted against the limits are those not yet written to the socket (this queue plus Netty's outbound
 * buffer). Frames are built once per event ({@link WebSocketFraming}) and wrapped, never copied, per connection.
 */
public final class OutboundQueue {

    private final Channel channel;
    private final LimitsConfiguration limits;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    // counters as fields with updaters, not Atomic* objects: three objects less per connection
    private static final AtomicLongFieldUpdater<OutboundQueue> PENDING_BYTES =
        AtomicLongFieldUpdater.newUpdater(OutboundQueue.class, "pendingBytes");
    private static final AtomicIntegerFieldUpdater<OutboundQueue> PENDING_FRAMES =
        AtomicIntegerFieldUpdater.newUpdater(OutboundQueue.class, "pendingFrames");
    private static final AtomicIntegerFieldUpdater<OutboundQueue> DRAIN_SCHEDULED =
        AtomicIntegerFieldUpdater.newUpdater(OutboundQueue.class, "drainScheduled");
    private volatile long pendingBytes;
    private volatile int pendingFrames;
    private volatile int drainScheduled;
    private final LoopFlusher flusher;

    /**
     * @param channel the Netty channel under the WebSocket
     * @param limits  {@code outbound-queue-bytes} and {@code outbound-queue-frames}
     */
    public OutboundQueue(Channel channel, LimitsConfiguration limits) {
        this.channel = channel;
        this.limits = limits;
        this.flusher = LoopFlusher.of(channel.eventLoop());
    }

    /**
     * Queues one text frame.
     *
     * @param utf8 the frame's UTF-8 payload (not copied; must not change afterwards)
     * @return false, with nothing queued, when the frame would exceed the limits: the caller closes the connection
     *     as a slow client
     */
    public boolean offer(byte[] utf8) {
        long bytes = PENDING_BYTES.addAndGet(this, utf8.length);
        int frames = PENDING_FRAMES.incrementAndGet(this);
        if (bytes > limits.outboundQueueBytes() || frames > limits.outboundQueueFrames()) {
            return false;
        }
        // framed once per event, shared by every connection it goes to (WebSocketFraming)
        queue.offer(WebSocketFraming.text(utf8));
        if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
            // one task per event loop drains every connection with frames waiting (LoopFlusher)
            flusher.schedule(this);
        }
        return true;
    }

    /** Drops everything not yet handed to Netty (a slow client's backlog). */
    public void clear() {
        queue.clear();
    }

    /** Writes everything queued and flushes once; runs on the channel's event loop. */
    public void drain() {
        drainScheduled = 0;
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
            bytes += WebSocketFraming.payloadLength(frame);
            frames++;
            // complete frame bytes: Netty's WebSocket encoder lets a ByteBuf through unchanged
            ByteBuf wire = Unpooled.wrappedBuffer(frame);
            if (next == null) {
                long batchBytes = bytes;
                int batchFrames = frames;
                ChannelPromise done = channel.newPromise();
                done.addListener(f -> {
                    PENDING_BYTES.addAndGet(this, -batchBytes);
                    PENDING_FRAMES.addAndGet(this, -batchFrames);
                });
                channel.write(wire, done);
            } else {
                channel.write(wire, channel.voidPromise());
            }
            frame = next;
        }
        channel.flush();
    }

    /** @return bytes queued or in Netty's buffer, not yet written to the socket */
    public long pendingBytes() {
        return pendingBytes;
    }
}
