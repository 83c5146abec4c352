package io.herald.realtime.transport;

import io.herald.realtime.transport.ws.WebSocketFraming;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The bounded outbound queue of one WebSocket connection, shared by every protocol's Netty connection:
 * Micronaut's {@code sendAsync} has no back-pressure (micronaut-core #8984), so without a bound a client that stops
 * reading grows the server's memory and slows everyone else.
 *
 * <p>{@link #offer} may be called from any thread and never blocks: it hands the frame to its event loop's
 * {@link LoopFlusher}, which writes the frames of all the loop's connections in batches and flushes each connection
 * once per batch, after its last frame. The bytes (frame headers included) and frames counted against the limits are
 * those not yet written to the socket (handed over, or in Netty's outbound buffer). Frames are built once per event
 * ({@link WebSocketFraming}) and wrapped, never copied, per connection.
 */
public final class OutboundQueue {

    private final Channel channel;
    private final LimitsConfiguration limits;
    private final LoopFlusher flusher;
    // counters as fields with updaters, not Atomic* objects: fewer objects per connection
    private static final AtomicLongFieldUpdater<OutboundQueue> PENDING_BYTES =
        AtomicLongFieldUpdater.newUpdater(OutboundQueue.class, "pendingBytes");
    private static final AtomicIntegerFieldUpdater<OutboundQueue> PENDING_FRAMES =
        AtomicIntegerFieldUpdater.newUpdater(OutboundQueue.class, "pendingFrames");
    private volatile long pendingBytes;
    private volatile int pendingFrames;
    // set once the connection is closed as slow: frames handed over and not yet written are dropped (clear())
    private volatile boolean discarding;

    // loop thread only, while a batch is written: this connection's last frame in the batch, and what it wrote so far
    int last;
    private long batchBytes;
    private int batchFrames;

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
        // framed once per event, shared by every connection it goes to (WebSocketFraming); the limits count the frame
        byte[] wire = WebSocketFraming.text(utf8);
        long bytes = PENDING_BYTES.addAndGet(this, wire.length);
        int frames = PENDING_FRAMES.incrementAndGet(this);
        if (bytes > limits.outboundQueueBytes() || frames > limits.outboundQueueFrames()) {
            return false;
        }
        flusher.offer(this, wire);
        return true;
    }

    /** Any thread: drops every frame handed over and not yet written, now and later (a slow client's backlog). */
    public void clear() {
        discarding = true;
    }

    /**
     * Loop thread: writes every frame handed over so far, for this connection and the other connections of its loop,
     * in order (before a close frame).
     */
    public void drain() {
        flusher.run();
    }

    /**
     * Loop thread, from {@link LoopFlusher}: writes one frame; the connection's last frame of the batch is flushed.
     *
     * @param frame the complete frame
     * @param index its place in the batch; the connection's last one ({@link #last}) settles the counters when written
     *              and flushes
     */
    void write(byte[] frame, int index) {
        boolean writing = !discarding && channel.isActive();
        // complete frame bytes: Netty's WebSocket encoder lets a ByteBuf through unchanged
        batchBytes += frame.length;
        batchFrames++;
        if (index != last) {
            if (writing) {
                channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
            }
            return;
        }
        long bytes = batchBytes;
        int frames = batchFrames;
        batchBytes = 0;
        batchFrames = 0;
        if (!writing) {
            settle(bytes, frames);
            return;
        }
        // one promise per connection and batch: the counters drop when the batch's frames reached the socket
        ChannelPromise done = channel.newPromise();
        done.addListener(f -> settle(bytes, frames));
        channel.writeAndFlush(Unpooled.wrappedBuffer(frame), done);
    }

    private void settle(long bytes, int frames) {
        PENDING_BYTES.addAndGet(this, -bytes);
        PENDING_FRAMES.addAndGet(this, -frames);
    }

    /** @return bytes queued or in Netty's buffer, not yet written to the socket */
    public long pendingBytes() {
        return pendingBytes;
    }
}
