package io.herald.realtime.transport;

import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.hub.Session;
import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections the server must end on its own: no heartbeat within the idle timeout (4008), token expired
 * during the connection (4001), and every connection at shutdown (1001, after its queued frames are flushed).
 */
@Context
public final class ConnectionSupervisor implements GracefulShutdownCapable {

    private final Hub hub;
    private final LimitsConfiguration limits;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-supervisor");
        t.setDaemon(true);
        return t;
    });

    ConnectionSupervisor(Hub hub, LimitsConfiguration limits) {
        this.hub = hub;
        this.limits = limits;
        long period = limits.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    void sweep() {
        long now = System.nanoTime();
        long idleNanos = limits.idleTimeout().toNanos();
        Instant wallNow = Instant.now();
        for (Session session : hub.sessions()) {
            if (session instanceof NettySession netty && !netty.closing()) {
                if (!wallNow.isBefore(netty.claims().expiresAt())) {
                    netty.close(CloseCode.INVALID_TOKEN);
                } else if (now - netty.lastInboundNanos() > idleNanos) {
                    netty.close(CloseCode.NO_HEARTBEAT);
                }
            }
        }
    }

    /** Closes every connection with 1001 after flushing what is queued for it. */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        closeAll();
        return CompletableFuture.completedFuture(null);
    }

    @PreDestroy
    void closeAll() {
        timer.shutdownNow();
        for (Session session : hub.sessions()) {
            session.close(CloseCode.GOING_AWAY);
        }
    }
}
