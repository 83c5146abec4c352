package io.herald.webhook.delivery;

import io.herald.bus.BusEvent;
import io.herald.bus.EventBus;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.Verdict;
import io.herald.webhook.endpoint.Endpoint;
import io.herald.webhook.events.ChannelRoute;
import io.herald.webhook.events.EventCatalogue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-sends a time range to one endpoint: the events stored in the database (payloads kept for the retention
 * period) plus every event still in the event bus for the range, including events that never produced a
 * delivery (endpoint created later, disabled, or not subscribed at the time). Same {@code webhook-id} as any
 * earlier delivery of the same event, so receivers deduplicate. Events from the bus pass the same contract as live
 * ones (an invalid event is never sent; progress only to endpoints that name it); they are not throttled.
 */
public final class Recovery {

    private static final int PAGE = 256;

    private final EventBus bus;
    private final EventCheck check;
    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final Clock clock;

    /**
     * @param bus        the event bus
     * @param check      the event contract
     * @param store      delivery state
     * @param dispatcher dispatcher
     * @param clock      clock
     */
    public Recovery(EventBus bus, EventCheck check, DeliveryStore store, Dispatcher dispatcher, Clock clock) {
        this.bus = bus;
        this.check = check;
        this.store = store;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * @param ep    the endpoint (enabled or not)
     * @param since inclusive start
     * @param until exclusive end
     * @param max   max events
     * @return number of deliveries scheduled
     */
    public int recover(Endpoint ep, Instant since, Instant until, int max) {
        Map<String, DeliveryStore.EventRow> events = new LinkedHashMap<>();
        for (DeliveryStore.EventRow e : store.messagesBetween(since, until, max)) {
            Optional<ChannelRoute> r = ChannelRoute.ofChannel(e.channel());
            if (r.isPresent() && receives(ep, r.get(), e.eventType(), check.check(e.channel(), e.payload()))) {
                events.put(e.messageId(), e);
            }
        }
        if (bus.ready() && events.size() < max) {
            scanBus(ep, since, until, max, events);
        }
        Instant now = clock.instant();
        List<String> ids = new ArrayList<>();
        for (DeliveryStore.EventRow e : events.values()) {
            ids.addAll(store.recordEvent(e, List.of(ep), "recover", now, now, true));
        }
        dispatcher.submit(ids);
        return ids.size();
    }

    private void scanBus(Endpoint ep, Instant since, Instant until, int max, Map<String, DeliveryStore.EventRow> events) {
        long next = bus.offsetAt(since.toEpochMilli()) - 1;
        while (events.size() < max) {
            List<BusEvent> page = bus.read(next, PAGE);
            if (page.isEmpty()) {
                return;
            }
            for (BusEvent e : page) {
                Instant ts = Instant.ofEpochMilli(e.timestampMillis());
                if (!ts.isBefore(until)) {
                    return;
                }
                next = e.offset();
                Optional<ChannelRoute> r = ChannelRoute.ofChannel(e.channel());
                if (r.isEmpty()) {
                    continue;
                }
                Verdict verdict = check.check(e.channel(), e.data());
                if (receives(ep, r.get(), verdict.type(), verdict)) {
                    String id = EventConsumer.messageId(bus, e.offset());
                    events.putIfAbsent(id, new DeliveryStore.EventRow(id, e.offset(), r.get().channel(), verdict.type(),
                        e.data(), ts));
                    if (events.size() >= max) {
                        return;
                    }
                }
            }
        }
    }

    private static boolean receives(Endpoint ep, ChannelRoute r, String type, Verdict verdict) {
        boolean owns = r.user() != null ? r.user().equals(ep.ownerUuid()) : r.tenant().equals(ep.tenant());
        return owns && verdict.valid() && type != null && !EventCatalogue.WEBHOOK_EVENT_CREATED.equals(type)
            && ep.receives(type, verdict.progress());
    }
}
