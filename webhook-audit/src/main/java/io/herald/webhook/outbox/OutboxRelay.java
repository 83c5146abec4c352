package io.herald.webhook.outbox;

import io.herald.bus.EventBus;
import io.herald.bus.PublishResult;
import io.herald.webhook.db.DatabaseMigrator;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes outbox rows ({@code webhook.event.created}) to their channel on the event bus with the row id as message
 * id (so a publish repeated after a crash is de-duplicated), then marks them sent.
 * Runs on a timer and whenever a delivery finishes.
 */
@Context
public class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final OutboxStore store;
    private final EventBus bus;
    private final DatabaseMigrator db;
    private final Clock clock;
    private final ExecutorService nudger = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastErrorLog;

    /**
     * @param store outbox rows
     * @param bus   the event bus
     * @param db    migration state
     * @param clock clock
     */
    public OutboxRelay(OutboxStore store, EventBus bus, DatabaseMigrator db, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.db = db;
        this.clock = clock;
    }

    /** Asks for a relay pass soon (coalesced). */
    public void nudge() {
        if (pending.compareAndSet(false, true)) {
            nudger.execute(() -> {
                pending.set(false);
                relay();
            });
        }
    }

    /** Timer pass, {@code herald.webhook.outbox.interval} (defaults to 1 s). */
    @Scheduled(fixedDelay = "${herald.webhook.outbox.interval:1s}", initialDelay = "1s")
    void tick() {
        nudge();
    }

    private void relay() {
        if (!bus.ready() || !db.ready()) {
            return;
        }
        try {
            List<OutboxStore.Entry> batch;
            do {
                batch = store.unsent(BATCH);
                List<CompletableFuture<PublishResult>> acks = new ArrayList<>(batch.size());
                for (OutboxStore.Entry e : batch) {
                    acks.add(bus.publish(e.channel(), e.payload(), e.id().toString()));
                }
                List<UUID> sent = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    acks.get(i).get(10, TimeUnit.SECONDS);
                    sent.add(batch.get(i).id());
                }
                store.markSent(sent, clock.instant());
            } while (batch.size() == BATCH);
        } catch (Exception e) {
            // Rows whose ack did not arrive stay unsent and are published again; the message id de-duplicates.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            long now = System.currentTimeMillis();
            if (now - lastErrorLog > 60_000) {
                lastErrorLog = now;
                LOG.warn("outbox relay paused: {}", e.getMessage());
            }
        }
    }
}
