package io.herald.webhook.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * Delivery settings, {@code herald.webhook.delivery.*}.
 *
 * @param connectTimeout   TCP/TLS connect timeout. Defaults to 10 s.
 * @param requestTimeout   total time for one request, response included. Defaults to 30 s.
 * @param concurrency      parallel requests (worker threads and pooled connections). Defaults to 32.
 * @param responseBodyCap  bytes of the response body kept in the audit row. Defaults to 20 kB (20,480).
 * @param lease            how long a claimed attempt stays claimed without being renewed; the process renews it every
 *                         third of it while the request runs, so after a crash the attempt is resumed within about
 *                         one lease. At least 1 s. Defaults to 15 s.
 * @param sweepBatch       deliveries the sweeper claims per pass. Defaults to 200.
 * @param fetchBatch       events the JetStream consumer fetches per pull. Defaults to 100.
 * @param durable          name of the durable JetStream consumer. Defaults to {@code herald-webhook-audit}.
 * @param ackWait          JetStream ack wait of that consumer. Defaults to 30 s.
 */
@ConfigurationProperties("herald.webhook.delivery")
public record DeliveryConfig(@Nullable Duration connectTimeout, @Nullable Duration requestTimeout,
                             @Nullable Integer concurrency, @Nullable Integer responseBodyCap,
                             @Nullable Duration lease, @Nullable Integer sweepBatch, @Nullable Integer fetchBatch,
                             @Nullable String durable, @Nullable Duration ackWait) {

    public DeliveryConfig {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        concurrency = concurrency == null ? 32 : concurrency;
        responseBodyCap = responseBodyCap == null ? 20_480 : responseBodyCap;
        lease = lease == null ? Duration.ofSeconds(15) : lease;
        sweepBatch = sweepBatch == null ? 200 : sweepBatch;
        fetchBatch = fetchBatch == null ? 100 : fetchBatch;
        durable = durable == null || durable.isBlank() ? "herald-webhook-audit" : durable;
        ackWait = ackWait == null ? Duration.ofSeconds(30) : ackWait;
        if (concurrency < 1) {
            throw new IllegalArgumentException("herald.webhook.delivery.concurrency must be >= 1");
        }
        if (lease.toMillis() < 1000) {
            throw new IllegalArgumentException("herald.webhook.delivery.lease must be at least 1 s");
        }
    }

    /** Defaults for every setting. */
    public static DeliveryConfig defaults() {
        return new DeliveryConfig(null, null, null, null, null, null, null, null, null);
    }
}
