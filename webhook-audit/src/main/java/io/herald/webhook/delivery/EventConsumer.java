package io.herald.webhook.delivery;

import io.herald.webhook.db.DatabaseMigrator;
import io.herald.webhook.endpoint.Endpoint;
import io.herald.webhook.endpoint.EndpointRepository;
import io.herald.webhook.events.ChannelRoute;
import io.herald.webhook.events.EventCatalogue;
import io.herald.webhook.nats.NatsConnector;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable JetStream pull consumer on {@code <prefix>.ch.>}. For each event it finds the endpoints that
 * receive it, records the message and one delivery per endpoint in one transaction, and only then acknowledges;
 * the first attempts are handed to the {@link Dispatcher}. A failure to record naks the event for redelivery.
 */
@Context
public class EventConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);

    private final NatsConnector nats;
    private final DatabaseMigrator db;
    private final EndpointRepository endpoints;
    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final RetrySchedule schedule;
    private final DeliveryConfig config;
    private final JsonMapper json;
    private final Clock clock;
    private volatile Thread loop;
    private volatile boolean stopped;

    /**
     * @param nats       connection
     * @param db         migration state
     * @param endpoints  endpoint rows
     * @param store      delivery state
     * @param dispatcher dispatcher
     * @param schedule   retry schedule (first delay)
     * @param config     delivery settings
     * @param json       JSON mapper
     * @param clock      clock
     */
    public EventConsumer(NatsConnector nats, DatabaseMigrator db, EndpointRepository endpoints, DeliveryStore store,
                         Dispatcher dispatcher, RetrySchedule schedule, DeliveryConfig config, JsonMapper json,
                         Clock clock) {
        this.nats = nats;
        this.db = db;
        this.endpoints = endpoints;
        this.store = store;
        this.dispatcher = dispatcher;
        this.schedule = schedule;
        this.config = config;
        this.json = json;
        this.clock = clock;
        db.onReady(() -> nats.onReady(this::start));
    }

    private synchronized void start(Connection connection) {
        if (loop != null || stopped) {
            return;
        }
        loop = new Thread(() -> run(connection), "webhook-consumer");
        loop.setDaemon(true);
        loop.start();
    }

    private void run(Connection connection) {
        String filter = ChannelRoute.allChannels(nats.config().subjectPrefix());
        JetStreamSubscription sub = null;
        while (!stopped && sub == null) {
            try {
                JetStream js = connection.jetStream();
                ConsumerConfiguration cc = ConsumerConfiguration.builder().durable(config.durable())
                        .filterSubject(filter).ackPolicy(AckPolicy.Explicit).ackWait(config.ackWait())
                        .deliverPolicy(DeliverPolicy.New).maxAckPending(10_000).build();
                sub = js.subscribe(filter, PullSubscribeOptions.builder().stream(nats.config().stream())
                        .configuration(cc).build());
                LOG.info("consuming {} from stream {} as durable {}", filter, nats.config().stream(), config.durable());
            } catch (IOException | RuntimeException | io.nats.client.JetStreamApiException e) {
                LOG.warn("cannot create consumer {}: {}; retrying", config.durable(), e.getMessage());
                if (!pause(Duration.ofSeconds(2))) {
                    return;
                }
            }
        }
        while (!stopped) {
            try {
                List<Message> batch = sub.fetch(config.fetchBatch(), Duration.ofSeconds(1));
                for (Message m : batch) {
                    handle(m);
                }
            } catch (IllegalStateException e) {
                if (!pause(Duration.ofSeconds(1))) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("consumer error: {}", e.toString());
                if (!pause(Duration.ofSeconds(1))) {
                    return;
                }
            }
        }
    }

    void handle(Message m) {
        try {
            Optional<ChannelRoute> route = ChannelRoute.ofSubject(nats.config().subjectPrefix(), m.getSubject());
            String type = route.isPresent() ? eventType(json, m.getData()) : null;
            if (route.isEmpty() || type == null || type.equals(EventCatalogue.WEBHOOK_EVENT_CREATED)) {
                m.ack();
                return;
            }
            ChannelRoute r = route.get();
            List<Endpoint> candidates = r.user() != null ? endpoints.findActiveForUser(r.user())
                    : endpoints.findActiveForTenant(r.tenant());
            List<Endpoint> targets = candidates.stream().filter(e -> e.subscribes(type)).toList();
            if (targets.isEmpty()) {
                m.ack();
                return;
            }
            long seq = m.metaData().streamSequence();
            Instant now = clock.instant();
            DeliveryStore.EventRow row = new DeliveryStore.EventRow(nats.streamEpoch() + "-" + seq, seq, r.channel(),
                    type, m.getData(), m.metaData().timestamp().toInstant());
            List<String> ids = store.recordEvent(row, targets, "scheduled", now.plus(schedule.firstDelay()), now, false);
            m.ack();
            dispatcher.submit(ids);
        } catch (RuntimeException e) {
            LOG.warn("could not record event {} (will be redelivered): {}", m.getSubject(), e.toString());
            m.nakWithDelay(Duration.ofSeconds(2));
        }
    }

    /**
     * @param json JSON mapper
     * @param data event JSON
     * @return its type: {@code event} (export envelope, entity change) or {@code type} (typed messages); null when
     *         neither is a string or the body isn't JSON
     */
    static String eventType(JsonMapper json, byte[] data) {
        try {
            Map<?, ?> map = json.readValue(data, Map.class);
            if (map == null) {
                return null;
            }
            Object e = map.get("event");
            if (e instanceof String s) {
                return s;
            }
            Object t = map.get("type");
            return t instanceof String s ? s : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        if (loop != null) {
            loop.interrupt();
        }
    }
}
