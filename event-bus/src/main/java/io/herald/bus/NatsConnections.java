package io.herald.bus;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a NATS connection that never makes start-up wait for, or fail on, an unreachable server.
 *
 * <p>{@code Nats.connect} throws when no server answers (so a service started before NATS would die) and
 * {@code Nats.connectReconnectOnConnect} blocks until one does. This connects asynchronously with reconnect-on-connect
 * and hands back the connection as soon as the client reports its first state, connected or not; the client then
 * keeps reconnecting forever (when {@code maxReconnects} is -1). Failed attempts are logged once per outage, in one
 * line, instead of jnats' default of one SEVERE line per attempt.
 */
public final class NatsConnections {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnections.class);

    private NatsConnections() {
    }

    /**
     * @param options   the client options (servers, credentials, reconnect policy); a connection and an error
     *                  listener are added
     * @param listeners told about every connection state change (e.g. {@link NatsEventBus#connectionChanged})
     * @return the connection, connected or still trying
     */
    public static Connection open(Options.Builder options, Listeners listeners) {
        CompletableFuture<Connection> first = new CompletableFuture<>();
        QuietErrors errors = new QuietErrors();
        Options built = options
            .connectionListener((connection, event) -> {
                first.complete(connection);
                if (event == ConnectionListener.Events.CONNECTED || event == ConnectionListener.Events.RECONNECTED) {
                    if (errors.outage) {
                        LOG.info("NATS reachable again at {}", connection.getConnectedUrl());
                    }
                    errors.outage = false;
                }
                listeners.fire();
            })
            .errorListener(errors)
            .build();
        errors.servers = built.getServers().toString();
        try {
            Nats.connectAsynchronously(built, true);
            Duration wait = built.getConnectionTimeout().multipliedBy(2).plusSeconds(5);
            return first.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusUnavailableException("interrupted while opening the NATS connection to " + errors.servers, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BusUnavailableException("the NATS client did not start for " + errors.servers + ": " + e, e);
        }
    }

    /** Callbacks run on every connection state change (on the client's thread: keep them short). */
    public static final class Listeners {
        private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

        /** @param callback run on every state change */
        public void add(Runnable callback) {
            callbacks.add(callback);
        }

        void fire() {
            for (Runnable callback : callbacks) {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.warn("NATS connection listener failed: {}", e.toString());
                }
            }
        }
    }

    private static final class QuietErrors implements ErrorListener {
        volatile boolean outage;
        volatile String servers = "";

        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.debug("NATS error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            if (!outage && conn.getStatus() != Connection.Status.CONNECTED) {
                outage = true;
                LOG.warn("NATS at {} is not reachable ({}); retrying, readiness is down until it is", servers,
                    exp.toString());
            } else {
                LOG.debug("NATS exception: {}", exp.toString());
            }
        }
    }
}
