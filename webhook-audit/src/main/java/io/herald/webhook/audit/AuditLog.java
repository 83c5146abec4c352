package io.herald.webhook.audit;

import io.herald.webhook.db.Sql;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the audit log; every query is scoped by the owner, so another user's rows are never returned. */
@Singleton
public class AuditLog {

    private final Sql sql;

    /** @param sql SQL helper */
    public AuditLog(Sql sql) {
        this.sql = sql;
    }

    /**
     * @param endpointId endpoint
     * @param owner      caller
     * @param status     optional status filter
     * @param event      optional event type filter
     * @param page       0-based page
     * @param size       page size
     * @return the page
     */
    @Transactional
    public AttemptPage list(UUID endpointId, String owner, @Nullable String status, @Nullable String event, int page,
                            int size) {
        StringBuilder where = new StringBuilder(" WHERE endpoint_id = ? AND owner_uuid = ?");
        List<Object> args = new ArrayList<>(List.of(endpointId, owner));
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status);
        }
        if (event != null) {
            where.append(" AND event_type = ?");
            args.add(event);
        }
        long total = sql.one("SELECT count(*) FROM attempt" + where, rs -> rs.getLong(1), args.toArray()).orElse(0L);
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<AttemptView> items = sql.query("SELECT * FROM attempt" + where
                + " ORDER BY started_at DESC, attempt_number DESC LIMIT ? OFFSET ?", AuditLog::map, pageArgs.toArray());
        return new AttemptPage(items, page, size, total);
    }

    private static AttemptView map(ResultSet rs) throws SQLException {
        return new AttemptView(rs.getString("id"), rs.getString("delivery_id"), rs.getString("message_id"),
                rs.getString("event_type"), rs.getInt("attempt_number"), rs.getString("trigger"), rs.getString("url"),
                rs.getString("resolved_ip"), rs.getString("status"), rs.getString("outcome"),
                (Integer) rs.getObject("response_code"), rs.getString("error_class"), rs.getString("error_message"),
                rs.getString("response_body"), (Long) rs.getObject("duration_ms"), Sql.instant(rs, "next_attempt_at"),
                Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"));
    }
}
