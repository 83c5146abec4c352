package io.herald.webhook.nats;

import io.herald.webhook.events.ChannelRoute;
import io.micronaut.context.annotation.Context;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the NATS connection: connects in the background (one clear log line while NATS is unreachable, retrying),
 * creates the JetStream stream when it is missing (never modifies an existing one) and then tells its listeners.
 */
@Context
public class NatsConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

    /** jnats' default listener prints every failed reconnect at SEVERE; we log state changes once instead. */
    private static final ErrorListener QUIET = new ErrorListener() {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.debug("NATS error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debug("NATS exception: {}", exp.toString());
        }
    };

    private final NatsConfig config;
    private final List<Consumer<Connection>> listeners = new CopyOnWriteArrayList<>();
    private final Thread starter;
    private volatile Connection connection;
    private volatile long streamEpoch;
    private volatile boolean closed;

    /** @param config NATS settings */
    public NatsConnector(NatsConfig config) {
        this.config = config;
        this.starter = new Thread(this::connectLoop, "nats-connect");
        this.starter.setDaemon(true);
        this.starter.start();
    }

    /**
     * Registers a callback run once the connection and the stream are ready (at once if they already are).
     *
     * @param listener callback
     */
    public synchronized void onReady(Consumer<Connection> listener) {
        listeners.add(listener);
        if (connection != null) {
            listener.accept(connection);
        }
    }

    /** @return the connection once ready */
    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
    }

    /** @return whether the connection is up */
    public boolean healthy() {
        Connection c = connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    /** @return the stream's epoch (its creation time in ms), part of every message id */
    public long streamEpoch() {
        return streamEpoch;
    }

    /** @return settings */
    public NatsConfig config() {
        return config;
    }

    private void connectLoop() {
        boolean logged = false;
        while (!closed) {
            Connection c = null;
            try {
                Options options = new Options.Builder().server(config.url()).maxReconnects(-1)
                        .connectionName("webhook-audit").connectionTimeout(Duration.ofSeconds(5))
                        .errorListener(QUIET).connectionListener((conn, event) -> {
                            if (event == ConnectionListener.Events.DISCONNECTED || event == ConnectionListener.Events.RECONNECTED) {
                                LOG.info("NATS {}", event.name().toLowerCase());
                            }
                        }).build();
                c = Nats.connect(options);
                streamEpoch = ensureStream(c.jetStreamManagement());
                synchronized (this) {
                    connection = c;
                    for (Consumer<Connection> l : listeners) {
                        l.accept(c);
                    }
                }
                LOG.info("NATS connected at {}, stream {} ready", config.url(), config.stream());
                return;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (c != null) {
                    try {
                        c.close();
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (!logged) {
                    LOG.warn("webhook-audit: cannot reach NATS JetStream at {} ({}); retrying every {}", config.url(),
                            e.getMessage(), config.retryInterval());
                    logged = true;
                }
                try {
                    Thread.sleep(config.retryInterval().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private long ensureStream(JetStreamManagement jsm) throws Exception {
        StreamInfo info;
        try {
            info = jsm.getStreamInfo(config.stream());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            try {
                info = jsm.addStream(StreamConfiguration.builder().name(config.stream())
                        .subjects(ChannelRoute.allChannels(config.subjectPrefix()))
                        .storageType(StorageType.File).maxAge(config.maxAge())
                        .duplicateWindow(Duration.ofMinutes(2)).discardPolicy(DiscardPolicy.Old).build());
                LOG.info("created JetStream stream {}", config.stream());
            } catch (JetStreamApiException race) {
                info = jsm.getStreamInfo(config.stream());
            }
        }
        return info.getCreateTime().toInstant().toEpochMilli();
    }

    @PreDestroy
    @Override
    public void close() throws InterruptedException {
        closed = true;
        starter.interrupt();
        Connection c = connection;
        if (c != null) {
            c.close();
        }
    }
}
