package io.herald.webhook.delivery;

import io.herald.bus.DurableEvent;
import io.herald.bus.DurableSubscription;
import io.herald.bus.EventBus;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.Lifecycle;
import io.herald.bus.contract.Verdict;
import io.herald.bus.throttle.ProgressThrottle;
import io.herald.webhook.db.DatabaseMigrator;
import io.herald.webhook.endpoint.Endpoint;
import io.herald.webhook.endpoint.EndpointRepository;
import io.herald.webhook.events.ChannelRoute;
import io.herald.webhook.events.EventCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable consumer of every channel: bus → event contract → progress throttle → the endpoints that receive the
 * event → the message and one delivery per endpoint recorded in one transaction → acknowledged → first attempts
 * handed to the {@link Dispatcher}. A failure to record asks the bus to deliver the event again.
 *
 * <p>The same rules as the WebSocket side: an event that breaks the contract (invalid, or of a type unknown on its
 * channel) reaches no endpoint (counted in {@code herald.webhook.events.invalid}, logged at most every 10 s);
 * progress events reach only endpoints that subscribe to them by name ({@code *} does not include them) and are
 * throttled per job with the same window and rules. A progress held back by the throttle is acknowledged at once and
 * recorded when its window closes (a crash in between loses only a superseded progress, as on the WebSocket side).
 */
public final class EventConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);
    private static final long INVALID_LOG_INTERVAL_MS = 10_000;

    private final EventBus bus;
    private final EventCheck check;
    private final EndpointRepository endpoints;
    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final RetrySchedule schedule;
    private final DeliveryConfig config;
    private final Clock clock;
    private final ProgressThrottle<Item> throttle;
    private final long graceMillis;
    private final Counter invalid;
    private final AtomicLong lastInvalidLog = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-throttle");
        t.setDaemon(true);
        return t;
    });
    private long lastStreamMillis = Long.MIN_VALUE;
    private long lastLocalNanos;
    private volatile AutoCloseable subscription;
    private volatile boolean stopped;

    /** One valid event on its way through the throttle. */
    private static final class Item {
        final DurableEvent source;
        final Verdict verdict;
        final ChannelRoute route;
        /** Handed on by the throttle (its deliveries recorded). */
        boolean emitted;
        /** Acknowledged already (a held progress is acknowledged before its window closes). */
        boolean acknowledged;

        Item(DurableEvent source, Verdict verdict, ChannelRoute route) {
            this.source = source;
            this.verdict = verdict;
            this.route = route;
        }

        void ack() {
            if (!acknowledged) {
                acknowledged = true;
                source.ack();
            }
        }
    }

    /**
     * @param bus        the event bus
     * @param check      the event contract
     * @param endpoints  endpoint rows
     * @param store      delivery state
     * @param dispatcher dispatcher
     * @param schedule   retry schedule (first delay)
     * @param config     delivery settings
     * @param throttle   throttle settings: window, tick, grace, max terminal jobs
     * @param memory     how long finished jobs are remembered (the stream's max age)
     * @param meters     metrics
     * @param clock      clock
     */
    public EventConsumer(EventBus bus, EventCheck check, EndpointRepository endpoints, DeliveryStore store,
                         Dispatcher dispatcher, RetrySchedule schedule, DeliveryConfig config,
                         io.herald.bus.throttle.ThrottleConfiguration throttle, Duration memory, MeterRegistry meters,
                         Clock clock) {
        this.bus = bus;
        this.check = check;
        this.endpoints = endpoints;
        this.store = store;
        this.dispatcher = dispatcher;
        this.schedule = schedule;
        this.config = config;
        this.clock = clock;
        this.graceMillis = throttle.grace().toMillis();
        this.throttle = new ProgressThrottle<>(throttle.window().toMillis(), memory.toMillis(),
            throttle.maxTerminalJobs(), this::record);
        this.invalid = Counter.builder("herald.webhook.events.invalid")
            .description("events that broke the event contract and reached no endpoint").register(meters);
        long tick = throttle.tick().toMillis();
        timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts consuming once the database is ready.
     *
     * @param db migration state
     */
    public void start(DatabaseMigrator db) {
        db.onReady(() -> {
            if (!stopped && subscription == null) {
                subscription = bus.consume(new DurableSubscription(config.durable(), config.ackWait(), -1,
                    config.fetchBatch(), 10_000), this::handle);
            }
        });
    }

    void handle(DurableEvent event) {
        try {
            Optional<ChannelRoute> route = ChannelRoute.ofChannel(event.channel());
            if (route.isEmpty()) {
                event.ack();
                return;
            }
            Verdict verdict = check.check(event.channel(), event.data());
            if (!verdict.valid()) {
                refused(event, verdict);
                event.ack();
                return;
            }
            if (EventCatalogue.WEBHOOK_EVENT_CREATED.equals(verdict.type())) {
                event.ack();
                return;
            }
            Item item = new Item(event, verdict, route.get());
            synchronized (throttle) {
                lastStreamMillis = Math.max(lastStreamMillis, event.timestampMillis());
                lastLocalNanos = System.nanoTime();
                throttle.accept(event.channel(), verdict.jobKey(), verdict.lifecycle(), event.timestampMillis(), item);
                if (!item.emitted) {
                    // held back (recorded when its window closes) or dropped by the throttle: nothing to redeliver
                    item.ack();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record event {} at offset {} (will be redelivered): {}", event.channel(),
                event.offset(), e.toString());
            event.nak(Duration.ofSeconds(2));
        }
    }

    private void refused(DurableEvent event, Verdict verdict) {
        invalid.increment();
        long now = System.currentTimeMillis();
        long last = lastInvalidLog.get();
        if (now - last > INVALID_LOG_INTERVAL_MS && lastInvalidLog.compareAndSet(last, now)) {
            LOG.warn("event on channel {} at offset {} breaks the event contract and reaches no endpoint: {} "
                + "(logged at most every 10 s)", event.channel(), event.offset(), verdict.errors());
        }
    }

    /** The throttle's sink: records the deliveries of one event (under the throttle's lock). */
    private void record(Item item) {
        item.emitted = true;
        String type = item.verdict.type();
        boolean progress = item.verdict.lifecycle() == Lifecycle.PROGRESS;
        ChannelRoute r = item.route;
        List<Endpoint> candidates = r.user() != null ? endpoints.findActiveForUser(r.user())
            : endpoints.findActiveForTenant(r.tenant());
        List<Endpoint> targets = candidates.stream().filter(e -> e.receives(type, progress)).toList();
        DurableEvent source = item.source;
        if (!targets.isEmpty()) {
            Instant now = clock.instant();
            DeliveryStore.EventRow row = new DeliveryStore.EventRow(messageId(bus, source.offset()), source.offset(),
                r.channel(), type, source.data(), Instant.ofEpochMilli(source.timestampMillis()));
            List<String> ids = store.recordEvent(row, targets, "scheduled", now.plus(schedule.firstDelay()), now, false);
            item.ack();
            dispatcher.submit(ids);
        } else {
            item.ack();
        }
    }

    /**
     * @param bus    the bus (its epoch)
     * @param offset the event's offset
     * @return the message id of the event: stable across redeliveries and recoveries, part of {@code webhook-id};
     *     {@code <stream creation time in ms>-<offset>} on JetStream (the bus's base-36 epoch written in decimal, as
     *     message ids have always been written, so receivers keep deduplicating across an upgrade)
     */
    static String messageId(EventBus bus, long offset) {
        String epoch = bus.epoch();
        try {
            return Long.parseLong(epoch, 36) + "-" + offset;
        } catch (NumberFormatException e) {
            return epoch + "-" + offset;
        }
    }

    private void tick() {
        try {
            synchronized (throttle) {
                if (lastStreamMillis == Long.MIN_VALUE) {
                    return;
                }
                long elapsed = (System.nanoTime() - lastLocalNanos) / 1_000_000;
                throttle.advanceTo(lastStreamMillis + elapsed - graceMillis);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record a trailing progress event: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stopped = true;
        timer.shutdownNow();
        AutoCloseable s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("closing the durable consumer: {}", e.toString());
            }
        }
    }
}
