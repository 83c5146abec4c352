package io.herald.realtime.transport;

import io.herald.realtime.client.Client;
import io.herald.realtime.hub.CloseCode;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.hub.Session;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.core.order.Ordered;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one server-wide sweep over the connections (every {@code sweep-interval}): each {@link Client}'s protocol checks
 * its heartbeat and token expiry there, instead of timers per connection. Also closes every connection at shutdown
 * (1001, or the protocol's code, after its queued frames are flushed).
 */
@Context
public final class ConnectionSupervisor implements GracefulShutdownCapable, ApplicationEventListener<ShutdownEvent>, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSupervisor.class);

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
        Instant wallNow = Instant.now();
        for (Session session : hub.sessions()) {
            if (session instanceof Client client) {
                // the protocol's own check: heartbeat, token expiry, expiry notice
                client.supervise(now, wallNow);
            }
        }
    }

    /** Closes every connection with 1001 after flushing what is queued for it. */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        List<CompletableFuture<?>> closed = new ArrayList<>();
        for (Session session : hub.sessions()) {
            // both protocols: the Herald connections' 1001 and the Centrifugo ones' 3001 are waited for
            closed.add(session.closed().toCompletableFuture());
        }
        closeAll();
        return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
    }

    /**
     * Runs when the application context starts stopping (SIGTERM), before the HTTP server closes its channels, and
     * waits (at most the close timeout) until every client got its 1001.
     */
    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        closeAllAndWait();
    }

    /**
     * Closes every connection with 1001 after flushing what is queued for it, and waits (at most the close timeout)
     * until each client got its close frame. Called by {@code RealtimeApplication}'s shutdown hook before the HTTP
     * server stops its event loops (Micronaut's own hook stops Netty first, and clients would then see 1006).
     */
    public void closeAllAndWait() {
        try {
            shutdownGracefully().toCompletableFuture().get(limits.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("not every connection closed within {}", limits.closeTimeout());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @PreDestroy
    void closeAll() {
        timer.shutdownNow();
        if (hub.connectionCount() > 0) {
            LOG.info("shutting down: closing {} connections with 1001", hub.connectionCount());
        }
        for (Session session : hub.sessions()) {
            session.close(CloseCode.GOING_AWAY);
        }
    }
}
