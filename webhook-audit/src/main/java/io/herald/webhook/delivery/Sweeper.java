package io.herald.webhook.delivery;

import io.herald.webhook.db.DatabaseMigrator;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.context.annotation.Context;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-enqueues every delivery whose next attempt is due and releases attempts whose lease ran out (the process
 * died mid-request), so no retry stays stuck after a crash or restart. Runs every
 * {@code herald.webhook.delivery.sweep-interval} (defaults to 1 s).
 */
@Context
public class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final DeliveryStore store;
    private final Dispatcher dispatcher;
    private final DeliveryConfig config;
    private final DatabaseMigrator db;
    private final Clock clock;
    private volatile long lastErrorLog;

    /**
     * @param store      delivery state
     * @param dispatcher dispatcher
     * @param config     delivery settings
     * @param db         migration state
     * @param clock      clock
     */
    public Sweeper(DeliveryStore store, Dispatcher dispatcher, DeliveryConfig config, DatabaseMigrator db, Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.config = config;
        this.db = db;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${herald.webhook.delivery.sweep-interval:1s}", initialDelay = "1s")
    void sweep() {
        if (!db.ready()) {
            return;
        }
        try {
            int released = store.releaseExpiredLeases(clock.instant());
            if (released > 0) {
                LOG.info("released {} interrupted attempt(s)", released);
            }
            int room = Math.min(config.sweepBatch(), dispatcher.capacity());
            if (room > 0) {
                dispatcher.submit(store.due(clock.instant(), room));
            }
        } catch (RuntimeException e) {
            long now = System.currentTimeMillis();
            if (now - lastErrorLog > 60_000) {
                lastErrorLog = now;
                LOG.warn("sweeper pass failed: {}", e.getMessage());
            }
        }
    }
}
