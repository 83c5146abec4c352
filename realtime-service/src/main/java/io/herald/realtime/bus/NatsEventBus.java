package io.herald.realtime.bus;

import io.herald.schema.ChannelName;
import io.herald.schema.Subjects;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventBus} on NATS JetStream (jnats directly, for control over consumers and direct gets).
 *
 * <p>On connect it creates or updates the stream ({@code <prefix>.ch.>}, file storage, max age, 2 min duplicate
 * window, discard old) and gives each {@link #subscribeAll} handler an <em>ordered push consumer</em> with
 * {@link DeliverPolicy#New}: ephemeral, flow-controlled, re-created by the client at the right sequence after a
 * reconnect, and never shared with other instances, so every instance receives every event in stream order.
 * Offsets are stream sequences; the epoch is the stream's creation time in base 36.
 *
 * <p>An unreachable server is logged once per outage and retried forever; {@link #ready()} stays false until the
 * stream is set up.
 */
public final class NatsEventBus implements EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(NatsEventBus.class);
    private static final int NO_MESSAGE_FOUND = 10037;
    private static final int STREAM_NOT_FOUND = 10059;
    private static final String HEADER_ERRORS = "Herald-Errors";
    private static final String HEADER_CHANNEL = "Herald-Channel";

    private final String url;
    private final String stream;
    private final Duration maxAge;
    private final Subjects subjects;
    private final List<Handler> handlers = new CopyOnWriteArrayList<>();
    private final ExecutorService setup = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "herald-nats-setup");
        t.setDaemon(true);
        return t;
    });

    private volatile Connection connection;
    private volatile JetStream jetStream;
    private volatile JetStreamManagement management;
    private volatile String epoch = "";
    private volatile boolean ready;
    private volatile boolean closed;
    private volatile boolean unreachableLogged;

    /**
     * @param url           NATS server URL(s), comma-separated
     * @param stream        stream name
     * @param subjectPrefix subject prefix ({@code herald})
     * @param maxAge        stream max age
     */
    public NatsEventBus(String url, String stream, String subjectPrefix, Duration maxAge) {
        this.url = url;
        this.stream = stream;
        this.maxAge = maxAge;
        this.subjects = new Subjects(subjectPrefix);
    }

    /**
     * Starts connecting in the background (retrying forever). Returns at once.
     */
    public void start() {
        Options options = new Options.Builder()
            .server(url)
            .connectionName("herald-realtime")
            .maxReconnects(-1)
            .reconnectWait(Duration.ofSeconds(1))
            .connectionListener(this::onConnectionEvent)
            .errorListener(new io.nats.client.ErrorListener() {
                @Override
                public void exceptionOccurred(Connection conn, Exception exp) {
                    if (!ready && !unreachableLogged) {
                        unreachableLogged = true;
                        LOG.warn("NATS at {} is not reachable ({}); retrying every second, readiness is down", url, exp.toString());
                    }
                }
            })
            .build();
        try {
            Nats.connectAsynchronously(options, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the NATS connection to " + url, e);
        }
    }

    private void onConnectionEvent(Connection conn, ConnectionListener.Events event) {
        switch (event) {
            case CONNECTED -> {
                connection = conn;
                setup.execute(this::setUp);
            }
            case DISCONNECTED -> {
                if (ready) {
                    LOG.warn("NATS connection to {} lost; reconnecting (readiness down)", url);
                }
                ready = false;
            }
            case RECONNECTED, RESUBSCRIBED -> setup.execute(this::setUp);
            default -> { }
        }
    }

    private void setUp() {
        if (closed) {
            return;
        }
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            StreamInfo info = ensureStream(jsm);
            management = jsm;
            jetStream = connection.jetStream();
            epoch = Long.toString(info.getCreateTime().toInstant().toEpochMilli(), 36);
            for (Handler handler : handlers) {
                handler.attach();
            }
            unreachableLogged = false;
            if (!ready) {
                LOG.info("NATS ready: {} stream {} ({}), epoch {}", url, stream, subjects.allChannels(), epoch);
            }
            ready = true;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            ready = false;
            LOG.warn("NATS at {} is reachable but the stream {} could not be set up: {}", url, stream, e.toString());
        }
    }

    private StreamInfo ensureStream(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        StreamConfiguration config = StreamConfiguration.builder()
            .name(stream)
            .subjects(subjects.allChannels())
            .storageType(StorageType.File)
            .maxAge(maxAge)
            .duplicateWindow(Duration.ofMinutes(2))
            .discardPolicy(DiscardPolicy.Old)
            .build();
        try {
            StreamInfo existing = jsm.getStreamInfo(stream);
            StreamConfiguration current = existing.getConfiguration();
            if (!current.getSubjects().equals(config.getSubjects()) || !current.getMaxAge().equals(maxAge)) {
                return jsm.updateStream(config);
            }
            return existing;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            return jsm.addStream(config);
        }
    }

    @Override
    public CompletableFuture<PublishResult> publish(String channel, byte[] json, String messageId) {
        JetStream js = jetStream;
        if (js == null || !ready) {
            return CompletableFuture.failedFuture(new BusUnavailableException("NATS is not connected (" + url + ")"));
        }
        PublishOptions.Builder options = PublishOptions.builder().expectedStream(stream);
        if (messageId != null && !messageId.isEmpty()) {
            options.messageId(messageId);
        }
        String subject;
        try {
            subject = subjects.channel(ChannelName.parse(channel));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return js.publishAsync(subject, json, options.build())
            .thenApply(ack -> new PublishResult(channel, ack.getSeqno(), ack.isDuplicate()));
    }

    @Override
    public AutoCloseable subscribeAll(Consumer<BusEvent> consumer) {
        Handler handler = new Handler(consumer);
        handlers.add(handler);
        if (ready) {
            // synchronously, so that every event published after this call returns is received
            handler.attach();
        }
        return () -> {
            handlers.remove(handler);
            handler.detach();
        };
    }

    @Override
    public History history(String channel, long since, int maxCount) {
        JetStreamManagement jsm = management;
        if (jsm == null) {
            throw new BusUnavailableException("NATS is not connected (" + url + ")");
        }
        String subject = subjects.channel(ChannelName.parse(channel));
        try {
            StreamInfo info = jsm.getStreamInfo(stream);
            String currentEpoch = Long.toString(info.getCreateTime().toInstant().toEpochMilli(), 36);
            long latest = latestOffset(jsm, subject);
            long streamLast = info.getStreamState().getLastSequence();
            // an offset beyond the stream's end comes from an earlier epoch (the stream was re-created): nothing is known
            boolean complete = since <= streamLast
                && (since + 1 >= info.getStreamState().getFirstSequence() || since >= latest);
            List<BusEvent> events = new ArrayList<>();
            long next = since + 1;
            // One direct get per event: simple and bounded by maxCount; an ordered consumer would need fewer round
            // trips for large recoveries, which the bounded history does not have.
            while (next <= latest) {
                if (events.size() >= maxCount) {
                    complete = false;
                    break;
                }
                MessageInfo message;
                try {
                    message = jsm.getNextMessage(stream, next, subject);
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                        break;
                    }
                    throw e;
                }
                events.add(new BusEvent(channel, message.getSeq(), message.getTime().toInstant().toEpochMilli(),
                    message.getData()));
                next = message.getSeq() + 1;
            }
            return new History(List.copyOf(events), complete, currentEpoch, latest);
        } catch (IOException | JetStreamApiException e) {
            throw new BusUnavailableException("could not read the history of channel " + channel + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long offsetAt(long timestampMillis) {
        JetStreamManagement jsm = management;
        if (jsm == null) {
            throw new BusUnavailableException("NATS is not connected (" + url + ")");
        }
        try {
            var state = jsm.getStreamInfo(stream).getStreamState();
            long lo = state.getFirstSequence();
            long hi = state.getLastSequence();
            // binary search over stream sequences (their timestamps never decrease): log2(n) direct gets
            while (lo < hi) {
                long mid = lo + (hi - lo) / 2;
                MessageInfo probe;
                try {
                    probe = jsm.getNextMessage(stream, mid, subjects.allChannels());
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                        hi = mid;
                        continue;
                    }
                    throw e;
                }
                if (probe.getTime().toInstant().toEpochMilli() < timestampMillis) {
                    lo = probe.getSeq() + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        } catch (IOException | JetStreamApiException e) {
            throw new BusUnavailableException("could not search the stream " + stream + " by time: " + e.getMessage(), e);
        }
    }

    private long latestOffset(JetStreamManagement jsm, String subject) throws IOException, JetStreamApiException {
        try {
            return jsm.getLastMessage(stream, subject).getSeq();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return 0;
            }
            throw e;
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public boolean ready() {
        Connection conn = connection;
        return ready && conn != null && conn.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void deadLetter(String channel, byte[] json, String errors) {
        Connection conn = connection;
        if (conn == null) {
            return;
        }
        Headers headers = new Headers();
        headers.put(HEADER_ERRORS, errors);
        headers.put(HEADER_CHANNEL, channel);
        conn.publish(subjects.deadLetter(channel), headers, json);
    }

    /** @return the stream name (tests delete it) */
    public String stream() {
        return stream;
    }

    @Override
    public void close() {
        closed = true;
        ready = false;
        for (Handler handler : handlers) {
            handler.detach();
        }
        setup.shutdownNow();
        Connection conn = connection;
        if (conn != null) {
            try {
                conn.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One subscribeAll registration: re-attached (with its own dispatcher) whenever the bus is set up again. */
    private final class Handler {
        private final Consumer<BusEvent> consumer;
        private Dispatcher dispatcher;
        private JetStreamSubscription subscription;

        Handler(Consumer<BusEvent> consumer) {
            this.consumer = consumer;
        }

        synchronized void attach() {
            if (subscription != null && subscription.isActive()) {
                return;
            }
            try {
                dispatcher = connection.createDispatcher();
                PushSubscribeOptions options = PushSubscribeOptions.builder()
                    .stream(stream)
                    .ordered(true)
                    .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build())
                    .build();
                subscription = jetStream.subscribe(subjects.allChannels(), dispatcher, this::onMessage, false, options);
            } catch (IOException | JetStreamApiException e) {
                throw new BusUnavailableException("could not subscribe to " + subjects.allChannels() + ": " + e.getMessage(), e);
            }
        }

        private void onMessage(Message message) {
            String channel = subjects.rawChannelOf(message.getSubject()).orElse(null);
            if (channel == null || !message.isJetStream()) {
                return;
            }
            var meta = message.metaData();
            try {
                consumer.accept(new BusEvent(channel, meta.streamSequence(), meta.timestamp().toInstant().toEpochMilli(),
                    message.getData()));
            } catch (RuntimeException e) {
                // never let one bad event stop the dispatcher (it would stall every channel)
                LOG.error("event handler failed for channel {} offset {}", channel, meta.streamSequence(), e);
            }
        }

        synchronized void detach() {
            if (dispatcher != null && connection != null) {
                try {
                    connection.closeDispatcher(dispatcher);
                } catch (RuntimeException e) {
                    LOG.debug("closing dispatcher: {}", e.toString());
                }
            }
            dispatcher = null;
            subscription = null;
        }
    }

}
