package io.herald.realtime.routing;

import io.herald.realtime.hub.Hub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The realtime-service meters, exported at {@code /prometheus}:
 * {@code herald_connections}, {@code herald_subscriptions}, {@code herald_deliveries_total},
 * {@code herald_drops_total{reason}}, {@code herald_throttled_total{outcome}}, {@code herald_events_total{outcome}} and
 * the {@code herald_publish_deliver_latency_seconds} histogram (stream timestamp → handed to the sessions).
 */
public final class RealtimeMetrics {

    private final Counter deliveries;
    private final Counter slowClients;
    private final Counter throttledSuppressed;
    private final Counter throttledDropped;
    private final Counter eventsValid;
    private final Counter eventsInvalid;
    private final Timer latency;

    /**
     * @param registry the meter registry
     * @param hub      the hub whose sizes are gauged
     */
    public RealtimeMetrics(MeterRegistry registry, Hub hub) {
        Gauge.builder("herald.connections", hub, Hub::connectionCount).description("open WebSocket connections").register(registry);
        Gauge.builder("herald.subscriptions", hub, Hub::subscriptionCount).description("channel subscriptions").register(registry);
        deliveries = Counter.builder("herald.deliveries").description("event frames handed to connections").register(registry);
        slowClients = Counter.builder("herald.drops").tag("reason", "slow_client")
            .description("connections closed because their outbound queue overflowed").register(registry);
        throttledSuppressed = Counter.builder("herald.throttled").tag("outcome", "suppressed")
            .description("progress events replaced by a newer one within a window").register(registry);
        throttledDropped = Counter.builder("herald.throttled").tag("outcome", "dropped")
            .description("held progress events dropped by a later non-progress event").register(registry);
        eventsValid = Counter.builder("herald.events").tag("outcome", "valid").register(registry);
        eventsInvalid = Counter.builder("herald.events").tag("outcome", "invalid")
            .description("events dead-lettered because they broke the contract").register(registry);
        latency = Timer.builder("herald.publish.deliver.latency")
            .description("stream timestamp to fan-out")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    }

    void delivered(int sessions, long latencyMillis) {
        deliveries.increment(sessions);
        latency.record(Duration.ofMillis(Math.max(0, latencyMillis)));
    }

    /** Counts a connection closed as slow. */
    public void slowClient() {
        slowClients.increment();
    }

    void throttled(long suppressedDelta, long droppedDelta) {
        if (suppressedDelta > 0) {
            throttledSuppressed.increment(suppressedDelta);
        }
        if (droppedDelta > 0) {
            throttledDropped.increment(droppedDelta);
        }
    }

    void valid() {
        eventsValid.increment();
    }

    void invalid() {
        eventsInvalid.increment();
    }
}
