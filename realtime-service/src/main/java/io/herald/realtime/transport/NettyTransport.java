package io.herald.realtime.transport;

import io.herald.realtime.client.Transport;
import io.herald.realtime.transport.ws.WebSocketConnection;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The {@link Transport} of every WebSocket protocol: a Netty channel under a {@link WebSocketConnection}, with the
 * bounded {@link OutboundQueue} ({@code herald.realtime.limits.outbound-queue-bytes/-frames}) and the close handshake
 * cut after {@code close-timeout} for a client that does not read.
 */
public final class NettyTransport implements Transport {

    private final Channel channel;
    private final WebSocketConnection webSocket;
    private final OutboundQueue outbound;
    private final long closeTimeoutMillis;

    /**
     * @param webSocket the upgraded connection
     * @param limits    the outbound queue's limits and the close timeout
     */
    public NettyTransport(WebSocketConnection webSocket, LimitsConfiguration limits) {
        this.channel = webSocket.channel();
        this.webSocket = webSocket;
        this.outbound = new OutboundQueue(channel, limits);
        this.closeTimeoutMillis = limits.closeTimeout().toMillis();
    }

    @Override
    public String id() {
        return channel.id().asShortText();
    }

    @Override
    public boolean offer(byte[] utf8) {
        return outbound.offer(utf8);
    }

    @Override
    public void close(int code, String reason, boolean discard) {
        if (discard) {
            outbound.clear();
        }
        channel.eventLoop().execute(() -> {
            if (discard) {
                outbound.clear();
            } else {
                outbound.drain();
            }
            webSocket.close(code, reason, closeTimeoutMillis);
        });
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public CompletionStage<Void> closed() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> done.complete(null));
        return done;
    }

    /** @return the Netty channel */
    public Channel channel() {
        return channel;
    }

    /** @return bytes queued or in Netty's buffer, not yet written to the socket */
    public long pendingBytes() {
        return outbound.pendingBytes();
    }
}
