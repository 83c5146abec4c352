package io.herald.webhook.audit;

import io.herald.webhook.db.DatabaseMigrator;
import io.herald.webhook.db.Sql;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.context.annotation.Context;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces retention so the audit log does not grow without bound: purges message payloads older than
 * {@code payloads} (the row stays, so audit rows keep their reference) and deletes attempts, finished deliveries,
 * sent outbox rows and payload-less messages older than {@code attempts}. Runs every
 * {@code herald.webhook.retention.interval} (defaults to 1 h).
 */
@Context
public class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final Sql sql;
    private final RetentionConfig config;
    private final DatabaseMigrator db;
    private final Clock clock;

    /**
     * @param sql    SQL helper
     * @param config retention
     * @param db     migration state
     * @param clock  clock
     */
    public RetentionJob(Sql sql, RetentionConfig config, DatabaseMigrator db, Clock clock) {
        this.sql = sql;
        this.config = config;
        this.db = db;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${herald.webhook.retention.interval:1h}", initialDelay = "1m")
    void scheduled() {
        if (db.ready()) {
            try {
                run();
            } catch (RuntimeException e) {
                LOG.warn("retention pass failed: {}", e.getMessage());
            }
        }
    }

    /**
     * One retention pass.
     *
     * @return rows changed
     */
    @Transactional
    public int run() {
        Instant now = clock.instant();
        Instant payloadCut = now.minus(config.payloads());
        Instant attemptCut = now.minus(config.attempts());
        int n = sql.update("UPDATE message SET payload = NULL WHERE id IN (SELECT id FROM message WHERE payload IS NOT NULL"
                + " AND created_at < ? LIMIT ?)", payloadCut, config.batch());
        n += sql.update("DELETE FROM attempt WHERE id IN (SELECT id FROM attempt WHERE started_at < ? AND status <> 'sending'"
                + " LIMIT ?)", attemptCut, config.batch());
        n += sql.update("DELETE FROM outbox WHERE sent_at IS NOT NULL AND created_at < ?", attemptCut);
        n += sql.update("DELETE FROM delivery WHERE id IN (SELECT id FROM delivery WHERE status IN ('succeeded', 'failed',"
                + " 'cancelled') AND updated_at < ? LIMIT ?)", attemptCut, config.batch());
        n += sql.update("DELETE FROM message m WHERE m.payload IS NULL AND m.created_at < ? AND NOT EXISTS"
                + " (SELECT 1 FROM delivery d WHERE d.message_id = m.id)", attemptCut);
        if (n > 0) {
            LOG.info("retention removed or purged {} rows", n);
        }
        return n;
    }
}
