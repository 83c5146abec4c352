package io.herald.webhook.delivery;

import io.herald.webhook.endpoint.Endpoint;
import io.herald.webhook.endpoint.SecretCipher;
import io.herald.webhook.events.ChannelRoute;
import io.herald.webhook.events.EventCatalogue;
import io.herald.webhook.outbox.OutboxRelay;
import io.herald.webhook.signing.WebhookSigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes delivery attempts: claim (attempt row committed as {@code sending}) → sign → POST → record the outcome,
 * the next attempt and the {@code webhook.event.created} outbox entry in one transaction. A bounded pool; when it
 * is full a delivery simply stays pending and the {@link Sweeper} submits it again.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final DeliveryStore store;
    private final HttpSender sender;
    private final RetrySchedule schedule;
    private final RetryConfig retry;
    private final DeliveryConfig config;
    private final SecretCipher cipher;
    private final Clock clock;
    private final OutboxRelay relay;
    private final String userAgent;
    private final ThreadPoolExecutor pool;
    private final java.util.concurrent.ScheduledExecutorService renewer;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final RateLimiter limiter = new RateLimiter();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    /**
     * @param store     delivery state
     * @param sender    HTTP sender
     * @param schedule  retry schedule
     * @param retry     retry policy
     * @param config    delivery settings
     * @param cipher    secret cipher
     * @param clock     clock
     * @param relay     outbox relay, nudged after each attempt
     * @param meters    metrics
     * @param userAgent {@code User-Agent} header value
     */
    public Dispatcher(DeliveryStore store, HttpSender sender, RetrySchedule schedule, RetryConfig retry,
                      DeliveryConfig config, SecretCipher cipher, Clock clock, OutboxRelay relay,
                      MeterRegistry meters, String userAgent) {
        this.store = store;
        this.sender = sender;
        this.schedule = schedule;
        this.retry = retry;
        this.config = config;
        this.cipher = cipher;
        this.clock = clock;
        this.relay = relay;
        this.userAgent = userAgent;
        for (Outcome o : Outcome.values()) {
            counters.put(o, Counter.builder("herald.webhook.attempts").description("webhook delivery attempts")
                    .tag("outcome", o.name().toLowerCase()).register(meters));
        }
        this.pool = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.concurrency() * 64), r -> {
                    Thread t = new Thread(r, "webhook-delivery");
                    t.setDaemon(true);
                    return t;
                });
        // Leases are renewed while an attempt is in flight (every third of a lease), so they can be short and a
        // crashed process's attempts are resumed within seconds.
        this.renewer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-lease-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, config.lease().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues deliveries for an attempt now; ids already queued, or beyond capacity, are skipped (the sweeper
     * brings them back).
     *
     * @param deliveryIds deliveries
     */
    public void submit(List<String> deliveryIds) {
        for (String id : deliveryIds) {
            if (!queued.add(id)) {
                continue;
            }
            try {
                pool.execute(() -> {
                    try {
                        attempt(id);
                    } finally {
                        queued.remove(id);
                    }
                });
            } catch (RejectedExecutionException e) {
                queued.remove(id);
                return;
            }
        }
    }

    /** @return free queue capacity, so the sweeper doesn't over-fetch */
    public int capacity() {
        return pool.getQueue().remainingCapacity();
    }

    void attempt(String deliveryId) {
        try {
            if (overLimit(deliveryId)) {
                return;
            }
            Optional<DeliveryStore.Claim> claimed = store.claim(deliveryId, clock.instant(), config.lease());
            if (claimed.isEmpty()) {
                return;
            }
            DeliveryStore.Claim c = claimed.get();
            inFlight.add(deliveryId);
            Instant started = clock.instant();
            long ts = started.getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>(c.endpoint().headerMap());
            headers.put("User-Agent", userAgent);
            headers.put("webhook-id", c.deliveryId());
            headers.put("webhook-timestamp", Long.toString(ts));
            headers.put("webhook-signature", WebhookSigner.sign(secrets(c.endpoint(), started), c.deliveryId(), ts,
                    c.payload()));
            HttpSender.SendResult r = sender.send(c.endpoint().url(), headers, c.payload());
            Optional<Instant> next = schedule.next(c.attemptNumber(), r.outcome(), r.responseCode(), r.retryAfter());
            DeliveryStore.Finished f = new DeliveryStore.Finished(r.outcome(), r.responseCode(), r.responseBody(),
                    r.resolvedIp(), r.errorClass(), r.errorMessage(), r.durationMs(), next.orElse(null));
            String channel = ChannelRoute.webhooksChannel(c.endpoint().ownerUuid());
            boolean disabled = store.complete(c, f, clock.instant(), retry.disableAfter(), channel,
                    notification(c, r.responseCode()), reason -> disabledNotification(c.endpoint(), reason));
            counters.get(r.outcome()).increment();
            if (disabled) {
                LOG.info("endpoint {} disabled after {} ({})", c.endpoint().id(), r.outcome(), r.responseCode());
            }
            relay.nudge();
        } catch (RuntimeException e) {
            // The delivery stays claimed; its lease expires and the sweeper retries it.
            LOG.warn("delivery {} attempt aborted: {}", deliveryId, e.toString());
        } finally {
            inFlight.remove(deliveryId);
        }
    }

    /** Postpones the delivery when its endpoint's rate limit is used up (it stays queued, nothing is dropped). */
    private boolean overLimit(String deliveryId) {
        Optional<DeliveryStore.RateLimit> limit = store.rateLimitOf(deliveryId);
        if (limit.isEmpty() || limit.get().perSecond() == null) {
            return false;
        }
        long wait = limiter.tryAcquire(limit.get().endpointId(), limit.get().perSecond(), System.nanoTime());
        if (wait == 0) {
            return false;
        }
        store.postpone(deliveryId, clock.instant().plusNanos(wait));
        return true;
    }

    private void renewLeases() {
        List<String> ids = List.copyOf(inFlight);
        if (ids.isEmpty()) {
            return;
        }
        try {
            store.renewLeases(ids, clock.instant().plus(config.lease()));
        } catch (RuntimeException e) {
            // the attempts may be re-sent by another instance once their lease runs out: at-least-once holds
            LOG.warn("could not renew the leases of {} attempt(s) in flight: {}", ids.size(), e.toString());
        }
    }

    private List<String> secrets(Endpoint ep, Instant now) {
        String id = ep.id().toString();
        List<String> s = new ArrayList<>(2);
        s.add(cipher.decrypt(ep.secretEnc(), id));
        if (ep.previousSecretEnc() != null && ep.previousSecretExpiresAt() != null
                && ep.previousSecretExpiresAt().isAfter(now)) {
            s.add(cipher.decrypt(ep.previousSecretEnc(), id));
        }
        return s;
    }

    /** The {@code webhook.event.created} export envelope for one attempt; it names the event by its webhook name. */
    static byte[] notification(DeliveryStore.Claim c, int responseCode) {
        String attempt = c.attemptId().toString();
        String json = "{\"version\":\"v3-beta\",\"event\":\"" + EventCatalogue.WEBHOOK_EVENT_CREATED + "\",\"guid\":\""
                + attempt + "\",\"status\":\"" + responseCode + "\",\"url\":null,\"details\":{\"uuid\":\"" + attempt
                + "\",\"event\":" + quote(EventCatalogue.webhookName(c.eventType())) + ",\"responseCode\":\"" + responseCode + "\",\"webhookUrl\":"
                + quote(c.endpoint().url()) + "}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code webhook.endpoint.disabled} export envelope ({@code reason}: gone or failing). */
    static byte[] disabledNotification(Endpoint ep, String reason) {
        String id = ep.id().toString();
        String json = "{\"version\":\"v3-beta\",\"event\":\"" + EventCatalogue.WEBHOOK_ENDPOINT_DISABLED + "\",\"guid\":\""
                + id + "\",\"status\":\"disabled\",\"url\":null,\"details\":{\"uuid\":\"" + id + "\",\"webhookUrl\":"
                + quote(ep.url()) + ",\"reason\":" + quote(reason) + "}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        pool.shutdownNow();
    }
}
