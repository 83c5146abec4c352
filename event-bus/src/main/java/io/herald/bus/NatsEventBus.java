package io.herald.bus;

import io.herald.schema.ChannelName;
import io.herald.schema.Subjects;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventBus} on NATS JetStream, on a connection it is given (in a service: the one micronaut-nats configures and
 * health-checks, opened by {@link NatsConnections#open} so that start-up never waits for NATS).
 *
 * <p>Whenever the connection is usable and the bus is not ready it creates or updates the stream
 * ({@code <prefix>.ch.>} and {@code <prefix>.ctl.>}, file storage, max age, max messages per channel, duplicate window, discard old) and gives
 * each {@link #subscribeAll} handler an <em>ordered push consumer</em> with {@link DeliverPolicy#New}: ephemeral,
 * flow-controlled, re-created by the client at the right sequence after a reconnect, and never shared with other
 * instances, so every instance receives every event in stream order. {@link #consume} runs a durable pull consumer
 * with explicit acknowledgements. Offsets are stream sequences; the epoch is the stream's creation time in base 36.
 *
 * <p>Control commands are stored in the same stream under {@code <prefix>.ctl.<topic>} (the stream is updated to
 * capture them when it predates them): {@link #broadcast} publishes with JetStream, and each
 * {@link #subscribeControl} handler gets its own ordered push consumer filtered to its topic, starting at
 * {@code now - lookback} ({@link DeliverPolicy#ByStartTime}), so every instance receives every command and a late
 * starter still reads the recent ones. They share the stream's limits: max age and max messages per subject.
 *
 * <p>Readiness does not hang on one connection event: a watchdog checks the connection every
 * {@code checkInterval} (and every connection event triggers the same check), so a bus started while NATS was down
 * becomes ready when the client reconnects, whatever events it reported.
 */
public final class NatsEventBus implements EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(NatsEventBus.class);
    private static final int NO_MESSAGE_FOUND = 10037;
    private static final int STREAM_NOT_FOUND = 10059;
    private static final String HEADER_ERRORS = "Herald-Errors";
    private static final String HEADER_CHANNEL = "Herald-Channel";

    private final Connection connection;
    private final StreamOptions options;
    private final String stream;
    private final Subjects subjects;
    private final Duration checkInterval;
    private final List<Handler> handlers = new CopyOnWriteArrayList<>();
    private final List<ControlHandler> controlHandlers = new CopyOnWriteArrayList<>();
    private final List<Durable> durables = new CopyOnWriteArrayList<>();
    private final AtomicLong deadLetters = new AtomicLong();
    private final ScheduledExecutorService setup = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-nats-setup");
        t.setDaemon(true);
        return t;
    });

    private volatile JetStream jetStream;
    private volatile JetStreamManagement management;
    private volatile String epoch = "";
    private volatile boolean ready;
    /**
     * Held while the set-up attaches the registered subscribers and turns ready, and while a subscriber registers: a
     * subscriber is either attached by the set-up or, registering after it, sees ready and attaches itself. Without it
     * a subscriber registered between the set-up's loop and {@code ready = true} was never attached (a realtime
     * instance started at that moment delivered no event at all).
     */
    private final Object attachLock = new Object();
    /** Runs inside the set-up, after the registered subscribers are attached and before ready (tests widen it). */
    private volatile Runnable beforeReady = () -> { };
    private volatile boolean closed;
    private volatile boolean failureLogged;
    /** Names this instance in its rehearsal subjects, so that only it answers its own rehearsals. */
    private final String instance = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    /**
     * What precedes the channel name in a subject: index {@value #STORED} events, index {@value #REHEARSED} this
     * instance's rehearsals (chosen by index, not by a branch, so that the JIT's profile of the path taken by the
     * start-up rehearsals holds for real publishes).
     */
    private final String[] subjectPrefixes;
    private static final int STORED = 0;
    private static final int REHEARSED = 1;
    /** Answers this instance's rehearsal publishes ({@link #rehearse}) as JetStream would; made at the first one. */
    private volatile Dispatcher rehearsals;

    /**
     * @param connection    the NATS connection (possibly still connecting); closed by its owner, not by this bus
     * @param options       the stream's shape
     * @param checkInterval how often the watchdog checks the connection and the stream
     */
    public NatsEventBus(Connection connection, StreamOptions options, Duration checkInterval) {
        this.connection = connection;
        this.options = options;
        this.stream = options.stream();
        this.subjects = new Subjects(options.subjectPrefix());
        this.subjectPrefixes = new String[] {subjects.channelPrefix(), subjects.warmUpPrefix(instance)};
        this.checkInterval = checkInterval;
    }

    /**
     * Test hook: runs inside the set-up between attaching the registered subscribers and turning ready.
     *
     * @param hook what to run there
     */
    void beforeReady(Runnable hook) {
        this.beforeReady = hook;
    }

    /** Starts the watchdog (it sets the stream up as soon as the connection is usable). Returns at once. */
    public void start() {
        setup.scheduleWithFixedDelay(this::check, 0, checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Tells the bus the connection changed state (wired to the connection's listener); the watchdog would notice on
     * its own, this only makes it sooner.
     */
    public void connectionChanged() {
        if (!closed) {
            setup.execute(this::check);
        }
    }

    private void check() {
        if (closed) {
            return;
        }
        boolean connected = connection.getStatus() == Connection.Status.CONNECTED;
        if (!connected) {
            if (ready) {
                LOG.warn("NATS connection to {} lost; reconnecting (readiness down)", connection.getConnectedUrl());
            }
            ready = false;
            return;
        }
        if (!ready) {
            setUp();
        }
    }

    private void setUp() {
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            StreamInfo info = ensureStream(jsm);
            management = jsm;
            jetStream = connection.jetStream();
            epoch = Long.toString(info.getCreateTime().toInstant().toEpochMilli(), 36);
            synchronized (attachLock) {
                for (Handler handler : handlers) {
                    handler.attach();
                }
                for (ControlHandler handler : controlHandlers) {
                    handler.attach();
                }
                failureLogged = false;
                LOG.info("NATS ready: stream {} ({}), epoch {}", stream, subjects.allChannels(), epoch);
                beforeReady.run();
                ready = true;
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            ready = false;
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("NATS is reachable but the stream {} could not be set up: {}; retrying every {} ms", stream,
                    e.toString(), checkInterval.toMillis());
            }
        }
    }

    private StreamInfo ensureStream(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        StreamConfiguration config = StreamConfiguration.builder()
            .name(stream)
            .subjects(subjects.allChannels(), subjects.allControl())
            .storageType(StorageType.File)
            .maxAge(options.maxAge())
            .maxMessagesPerSubject(options.maxMessagesPerChannel())
            .duplicateWindow(options.duplicateWindow())
            .discardPolicy(DiscardPolicy.Old)
            .build();
        try {
            StreamInfo existing = jsm.getStreamInfo(stream);
            StreamConfiguration current = existing.getConfiguration();
            // a stream created before control commands existed lacks <prefix>.ctl.>: the update adds it
            if (!Set.copyOf(current.getSubjects()).equals(Set.copyOf(config.getSubjects())) || !current.getMaxAge().equals(options.maxAge())
                || current.getMaxMsgsPerSubject() != options.maxMessagesPerChannel()
                || !current.getDuplicateWindow().equals(options.duplicateWindow())) {
                return jsm.updateStream(config);
            }
            return existing;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            try {
                return jsm.addStream(config);
            } catch (JetStreamApiException race) {
                // another instance created it in between
                return jsm.getStreamInfo(stream);
            }
        }
    }

    private BusUnavailableException notConnected() {
        return new BusUnavailableException("NATS is not connected (stream " + stream + ")");
    }

    @Override
    public CompletableFuture<PublishResult> publish(String channel, byte[] json, String messageId) {
        return send(channel, json, messageId, STORED);
    }

    /**
     * Publishes through exactly the client path of {@link #publish} — a JetStream publish and its acknowledgement — on
     * this instance's rehearsal subject ({@code <prefix>.warmup.<instance>.<channel>}), which no stream captures: this
     * instance answers it with an acknowledgement of its own, so nothing is stored and no subscriber sees it.
     */
    @Override
    public CompletableFuture<PublishResult> rehearse(String channel, byte[] json) {
        if (rehearsals == null && ready) {
            try {
                answerRehearsals();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return send(channel, json, null, REHEARSED);
    }

    private CompletableFuture<PublishResult> send(String channel, byte[] json, String messageId, int route) {
        JetStream js = jetStream;
        if (js == null || !ready) {
            return CompletableFuture.failedFuture(notConnected());
        }
        String subject;
        try {
            subject = subjectPrefixes[route].concat(ChannelName.parse(channel).value());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        // No Nats-Expected-Stream header: the channel subjects are this bus's own stream's (created at start-up with
        // exactly these subjects, and JetStream lets no two streams share one), and a publish no stream stores is
        // answered "no responders", which fails like any other refused publish. Without a message id the message
        // carries no headers at all, which is what a JetStream publisher's message costs.
        CompletableFuture<PublishAck> ack = messageId != null && !messageId.isEmpty()
            ? js.publishAsync(subject, json, PublishOptions.builder().messageId(messageId).build())
            : js.publishAsync(subject, json);
        return ack.thenApply(a -> new PublishResult(channel, a.getSeqno(), a.isDuplicate()));
    }

    /** Subscribes the responder of {@link #rehearse} at the first rehearsal; the client re-subscribes it after a reconnect. */
    private void answerRehearsals() {
        synchronized (attachLock) {
            if (rehearsals != null || closed) {
                return;
            }
            byte[] ack = ("{\"stream\":\"" + stream + "\",\"seq\":1}").getBytes(StandardCharsets.UTF_8);
            Dispatcher dispatcher = connection.createDispatcher(message -> {
                if (message.getReplyTo() != null) {
                    connection.publish(message.getReplyTo(), ack);
                }
            });
            // no flush needed: the subscription goes out on this connection before the first rehearsal's publish
            dispatcher.subscribe(subjects.allWarmUp(instance));
            rehearsals = dispatcher;
        }
    }

    @Override
    public AutoCloseable subscribeAll(Consumer<BusEvent> consumer) {
        Handler handler = new Handler(consumer);
        synchronized (attachLock) {
            handlers.add(handler);
            if (ready) {
                // synchronously, so that every event published after this call returns is received
                handler.attach();
            }
        }
        return () -> {
            handlers.remove(handler);
            handler.detach();
        };
    }

    @Override
    public CompletableFuture<Void> broadcast(String topic, byte[] payload) {
        String subject;
        try {
            subject = subjects.control(topic);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        JetStream js = jetStream;
        if (js == null || !ready) {
            return CompletableFuture.failedFuture(notConnected());
        }
        return js.publishAsync(subject, payload, PublishOptions.builder().expectedStream(stream).build())
            .thenApply(ack -> null);
    }

    @Override
    public AutoCloseable subscribeControl(String topic, Duration lookback, Consumer<ControlMessage> consumer) {
        String subject = subjects.control(topic);
        if (lookback == null || lookback.isNegative()) {
            throw new IllegalArgumentException("lookback must be zero or positive, was " + lookback);
        }
        ControlHandler handler = new ControlHandler(topic, subject, lookback, consumer);
        synchronized (attachLock) {
            controlHandlers.add(handler);
            if (ready) {
                handler.attach();
            }
        }
        return () -> {
            controlHandlers.remove(handler);
            handler.detach();
        };
    }

    @Override
    public History history(String channel, long since, int maxCount) {
        JetStreamManagement jsm = management;
        if (jsm == null) {
            throw notConnected();
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
    public List<BusEvent> read(long since, int maxCount) {
        JetStreamManagement jsm = management;
        if (jsm == null) {
            throw notConnected();
        }
        List<BusEvent> events = new ArrayList<>();
        long next = Math.max(1, since + 1);
        try {
            while (events.size() < maxCount) {
                MessageInfo message;
                try {
                    message = jsm.getNextMessage(stream, next, subjects.allChannels());
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                        break;
                    }
                    throw e;
                }
                String channel = subjects.rawChannelOf(message.getSubject()).orElse(null);
                if (channel != null) {
                    events.add(new BusEvent(channel, message.getSeq(), message.getTime().toInstant().toEpochMilli(),
                        message.getData()));
                }
                next = message.getSeq() + 1;
            }
            return List.copyOf(events);
        } catch (IOException | JetStreamApiException e) {
            throw new BusUnavailableException("could not read stream " + stream + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long offsetAt(long timestampMillis) {
        JetStreamManagement jsm = management;
        if (jsm == null) {
            throw notConnected();
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
            if (lo == state.getLastSequence() && lo > 0) {
                MessageInfo last = jsm.getMessage(stream, lo);
                if (last.getTime().toInstant().toEpochMilli() < timestampMillis) {
                    return lo + 1;
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
        return ready && connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void deadLetter(String channel, byte[] json, String errors) {
        deadLetters.incrementAndGet();
        Headers headers = new Headers();
        headers.put(HEADER_ERRORS, errors);
        headers.put(HEADER_CHANNEL, channel);
        try {
            connection.publish(subjects.deadLetter(channel), headers, json);
        } catch (IllegalStateException e) {
            LOG.debug("dead letter for {} not published: {}", channel, e.toString());
        }
    }

    @Override
    public long deadLetterCount() {
        return deadLetters.get();
    }

    @Override
    public AutoCloseable consume(DurableSubscription subscription, Consumer<DurableEvent> handler) {
        Durable durable = new Durable(subscription, handler);
        durables.add(durable);
        durable.start();
        return () -> {
            durables.remove(durable);
            durable.stop();
        };
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
        for (ControlHandler handler : controlHandlers) {
            handler.detach();
        }
        for (Durable durable : durables) {
            durable.stop();
        }
        synchronized (attachLock) {
            if (rehearsals != null) {
                try {
                    connection.closeDispatcher(rehearsals);
                } catch (RuntimeException e) {
                    // the connection is already closed: so is the dispatcher
                }
                rehearsals = null;
            }
        }
        setup.shutdownNow();
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
            if (dispatcher != null) {
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

    /**
     * One {@link #subscribeControl} registration: an ordered push consumer on the topic's subject, starting at the
     * lookback the first time and, when the bus is set up again, right after the last command it received.
     */
    private final class ControlHandler {
        private final String topic;
        private final String subject;
        private final Duration lookback;
        private final Consumer<ControlMessage> consumer;
        private volatile long lastSequence;
        private String attachedEpoch;
        private Dispatcher dispatcher;
        private JetStreamSubscription subscription;

        ControlHandler(String topic, String subject, Duration lookback, Consumer<ControlMessage> consumer) {
            this.topic = topic;
            this.subject = subject;
            this.lookback = lookback;
            this.consumer = consumer;
        }

        synchronized void attach() {
            if (subscription != null && subscription.isActive()) {
                return;
            }
            if (!epoch.equals(attachedEpoch)) {
                // a re-created stream starts its sequences again: resume by time, not by a stale sequence
                lastSequence = 0;
                attachedEpoch = epoch;
            }
            ConsumerConfiguration.Builder config = ConsumerConfiguration.builder();
            if (lastSequence > 0) {
                config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(lastSequence + 1);
            } else if (lookback.isZero()) {
                config.deliverPolicy(DeliverPolicy.New);
            } else {
                Duration back = lookback.compareTo(options.maxAge()) > 0 ? options.maxAge() : lookback;
                config.deliverPolicy(DeliverPolicy.ByStartTime)
                    .startTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minus(back));
            }
            try {
                dispatcher = connection.createDispatcher();
                PushSubscribeOptions push = PushSubscribeOptions.builder()
                    .stream(stream)
                    .ordered(true)
                    .configuration(config.build())
                    .build();
                subscription = jetStream.subscribe(subject, dispatcher, this::onMessage, false, push);
            } catch (IOException | JetStreamApiException e) {
                throw new BusUnavailableException("could not subscribe to " + subject + ": " + e.getMessage(), e);
            }
        }

        private void onMessage(Message message) {
            if (!message.isJetStream()) {
                return;
            }
            var meta = message.metaData();
            lastSequence = meta.streamSequence();
            byte[] data = message.getData();
            try {
                consumer.accept(new ControlMessage(topic, meta.timestamp().toInstant().toEpochMilli(),
                    data == null ? new byte[0] : data));
            } catch (RuntimeException e) {
                LOG.error("control handler failed for topic {} at stream sequence {}", topic, meta.streamSequence(), e);
            }
        }

        synchronized void detach() {
            if (dispatcher != null) {
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

    /**
     * One {@link #consume} registration: a durable pull consumer with explicit acknowledgements, fetched on its own
     * thread. Any failure (NATS down, consumer deleted, server restarted) drops the subscription and binds again once
     * the bus is ready; the consumer's position lives on the server.
     */
    private final class Durable {
        private final DurableSubscription spec;
        private final Consumer<DurableEvent> handler;
        private final Thread thread;
        private volatile boolean stopped;

        Durable(DurableSubscription spec, Consumer<DurableEvent> handler) {
            this.spec = spec;
            this.handler = handler;
            this.thread = new Thread(this::run, "herald-durable-" + spec.name());
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }

        private void run() {
            JetStreamSubscription subscription = null;
            boolean logged = false;
            while (!stopped && !closed) {
                try {
                    if (subscription == null) {
                        if (!ready) {
                            pause(checkInterval);
                            continue;
                        }
                        subscription = bind();
                        logged = false;
                    }
                    for (Message message : subscription.fetch(spec.batchSize(), Duration.ofSeconds(1))) {
                        deliver(message);
                    }
                } catch (IOException | JetStreamApiException | RuntimeException e) {
                    if (stopped || closed) {
                        break;
                    }
                    if (!logged) {
                        logged = true;
                        LOG.warn("durable consumer {} on stream {} interrupted: {}; binding again once NATS is ready",
                            spec.name(), stream, e.toString());
                    }
                    unsubscribe(subscription);
                    subscription = null;
                    pause(checkInterval);
                }
            }
            unsubscribe(subscription);
        }

        private JetStreamSubscription bind() throws IOException, JetStreamApiException {
            ConsumerConfiguration config = ConsumerConfiguration.builder()
                .durable(spec.name())
                .filterSubject(subjects.allChannels())
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(spec.ackWait())
                .maxDeliver(spec.maxDeliver())
                .maxAckPending(spec.maxAckPending())
                .deliverPolicy(DeliverPolicy.New)
                .build();
            management.addOrUpdateConsumer(stream, config);
            JetStreamSubscription sub = jetStream.subscribe(subjects.allChannels(),
                PullSubscribeOptions.bind(stream, spec.name()));
            LOG.info("consuming {} from stream {} as durable {}", subjects.allChannels(), stream, spec.name());
            return sub;
        }

        private void deliver(Message message) {
            String channel = subjects.rawChannelOf(message.getSubject()).orElse(null);
            if (channel == null || !message.isJetStream()) {
                message.ack();
                return;
            }
            var meta = message.metaData();
            byte[] data = message.getData();
            long count = meta.deliveredCount();
            DurableEvent event = new DurableEvent(channel, meta.streamSequence(), meta.timestamp().toInstant().toEpochMilli(),
                data == null ? new byte[0] : data, count, new DurableEvent.Acknowledgement() {
                    @Override
                    public void ack() {
                        message.ack();
                    }

                    @Override
                    public void nak(Duration delay) {
                        if (spec.maxDeliver() > 0 && count >= spec.maxDeliver()) {
                            deadLetter(channel, message.getData(), "[\"not acknowledged after " + count + " deliveries\"]");
                            message.term();
                        } else {
                            message.nakWithDelay(delay);
                        }
                    }
                });
            try {
                handler.accept(event);
            } catch (RuntimeException e) {
                LOG.error("durable handler {} failed for channel {} offset {}; delivered again later", spec.name(),
                    channel, meta.streamSequence(), e);
                event.nak(spec.ackWait());
            }
        }

        private void unsubscribe(JetStreamSubscription subscription) {
            if (subscription != null) {
                try {
                    subscription.unsubscribe();
                } catch (RuntimeException e) {
                    LOG.debug("unsubscribing durable {}: {}", spec.name(), e.toString());
                }
            }
        }

        private void pause(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }
}
