package io.herald.webhook.delivery;

import io.herald.webhook.endpoint.Endpoint;
import io.herald.webhook.events.ChannelRoute;
import io.herald.webhook.events.EventCatalogue;
import io.herald.webhook.nats.NatsConnector;
import io.micronaut.json.JsonMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-sends a time range to one endpoint: the events stored in the database (payloads kept for the retention
 * period) plus every event still in the JetStream stream for the range, including events that never produced a
 * delivery (endpoint created later, disabled, or not subscribed at the time). Same {@code webhook-id} as any
 * earlier delivery of the same event, so receivers deduplicate.
 */
@Singleton
public class Recovery {

    private final NatsConnector nats;
    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * @param nats       connection
     * @param store      delivery state
     * @param dispatcher dispatcher
     * @param json       JSON mapper
     * @param clock      clock
     */
    public Recovery(NatsConnector nats, DeliveryStore store, Dispatcher dispatcher, JsonMapper json, Clock clock) {
        this.nats = nats;
        this.store = store;
        this.dispatcher = dispatcher;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param ep    the endpoint (enabled or not)
     * @param since inclusive start
     * @param until exclusive end
     * @param max   max events
     * @return number of deliveries scheduled
     * @throws Exception when the stream cannot be read
     */
    public int recover(Endpoint ep, Instant since, Instant until, int max) throws Exception {
        Map<String, DeliveryStore.EventRow> events = new LinkedHashMap<>();
        for (DeliveryStore.EventRow e : store.messagesBetween(since, until, max)) {
            Optional<ChannelRoute> r = ChannelRoute.ofChannel(e.channel());
            if (r.isPresent() && receives(ep, r.get(), e.eventType())) {
                events.put(e.messageId(), e);
            }
        }
        Connection c = nats.connection().orElse(null);
        if (c != null && events.size() < max) {
            scanStream(c, ep, since, until, max, events);
        }
        Instant now = clock.instant();
        List<String> ids = new ArrayList<>();
        for (DeliveryStore.EventRow e : events.values()) {
            ids.addAll(store.recordEvent(e, List.of(ep), "recover", now, now, true));
        }
        dispatcher.submit(ids);
        return ids.size();
    }

    private void scanStream(Connection c, Endpoint ep, Instant since, Instant until, int max,
                            Map<String, DeliveryStore.EventRow> events) throws Exception {
        String prefix = nats.config().subjectPrefix();
        String filter = ChannelRoute.allChannels(prefix);
        ConsumerConfiguration cc = ConsumerConfiguration.builder().filterSubject(filter)
                .deliverPolicy(DeliverPolicy.ByStartTime).startTime(since.atZone(ZoneOffset.UTC))
                .ackPolicy(AckPolicy.None).inactiveThreshold(Duration.ofMinutes(1)).build();
        JetStreamSubscription sub = c.jetStream().subscribe(filter,
                PullSubscribeOptions.builder().stream(nats.config().stream()).configuration(cc).build());
        try {
            while (events.size() < max) {
                List<Message> batch = sub.fetch(256, Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    return;
                }
                for (Message m : batch) {
                    Instant ts = m.metaData().timestamp().toInstant();
                    if (!ts.isBefore(until)) {
                        return;
                    }
                    Optional<ChannelRoute> r = ChannelRoute.ofSubject(prefix, m.getSubject());
                    String type = r.isPresent() ? EventConsumer.eventType(json, m.getData()) : null;
                    if (type != null && receives(ep, r.get(), type)) {
                        long seq = m.metaData().streamSequence();
                        String id = nats.streamEpoch() + "-" + seq;
                        events.putIfAbsent(id, new DeliveryStore.EventRow(id, seq, r.get().channel(), type,
                                m.getData(), ts));
                    }
                    if (m.metaData().pendingCount() == 0 || events.size() >= max) {
                        return;
                    }
                }
            }
        } finally {
            sub.unsubscribe();
        }
    }

    private static boolean receives(Endpoint ep, ChannelRoute r, String type) {
        boolean owns = r.user() != null ? r.user().equals(ep.ownerUuid()) : r.tenant().equals(ep.tenant());
        return owns && !EventCatalogue.WEBHOOK_EVENT_CREATED.equals(type) && ep.subscribes(type);
    }
}
