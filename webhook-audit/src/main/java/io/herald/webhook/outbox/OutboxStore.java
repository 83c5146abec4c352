package io.herald.webhook.outbox;

import io.herald.webhook.db.Sql;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Outbox rows not yet published. */
@Singleton
public class OutboxStore {

    /** One unsent notification. */
    public record Entry(UUID id, String channel, byte[] payload) {
    }

    private final Sql sql;

    /** @param sql SQL helper */
    public OutboxStore(Sql sql) {
        this.sql = sql;
    }

    /**
     * @param limit max rows
     * @return unsent rows, oldest first
     */
    @Transactional
    public List<Entry> unsent(int limit) {
        return sql.query("SELECT id, channel, payload FROM outbox WHERE sent_at IS NULL ORDER BY created_at LIMIT ?",
                rs -> new Entry(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)), limit);
    }

    /**
     * @param ids rows
     * @param now publish time
     */
    @Transactional
    public void markSent(List<UUID> ids, Instant now) {
        for (UUID id : ids) {
            sql.update("UPDATE outbox SET sent_at = ? WHERE id = ?", now, id);
        }
    }
}
