package io.herald.webhook.delivery;

import io.herald.webhook.db.Sql;
import io.herald.webhook.endpoint.Endpoint;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The durable state of deliveries: messages (payload once per event), deliveries (one per message and
 * endpoint, id = {@code webhook-id}), attempts (the audit log) and the outbox. Every state change is one
 * transaction, so an acknowledged event always has its deliveries, and a finished attempt always has its audit
 * row and its outbox entry.
 */
@Singleton
public class DeliveryStore {

    /** An event as stored once. */
    public record EventRow(String messageId, @Nullable Long streamSeq, String channel, String eventType,
                           byte[] payload, Instant publishedAt) {
    }

    /** A claimed delivery whose attempt row ({@code sending}) is committed. */
    public record Claim(String deliveryId, UUID attemptId, int attemptNumber, String trigger, Endpoint endpoint,
                        String messageId, String eventType, byte[] payload, Instant deliveryCreatedAt) {
    }

    /** A finished attempt, as the audit row records it. */
    public record Finished(Outcome outcome, int responseCode, @Nullable String responseBody,
                           @Nullable String resolvedIp, @Nullable String errorClass, @Nullable String errorMessage,
                           long durationMs, @Nullable Instant nextAttemptAt) {
    }

    private final Sql sql;

    /**
     * @param sql SQL helper
     */
    public DeliveryStore(Sql sql) {
        this.sql = sql;
    }

    /**
     * The {@code webhook-id} of one event for one endpoint: stable, so a redelivered stream message maps to the
     * same delivery, and free of dots.
     *
     * @param messageId  message
     * @param endpointId endpoint
     * @return {@code msg_} + 32 hex digits
     */
    public static String deliveryId(String messageId, UUID endpointId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((messageId + "|" + endpointId).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder("msg_");
            for (int i = 0; i < 16; i++) {
                sb.append(String.format("%02x", h[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records an event and one pending delivery per endpoint; idempotent (a redelivered event changes nothing).
     *
     * @param event     the event
     * @param targets   endpoints that receive it
     * @param trigger   {@code scheduled}, {@code manual} or {@code recover}
     * @param firstAt   time of the first attempt
     * @param now       now
     * @param resend    when true an existing delivery is re-armed (recover), otherwise left alone
     * @return ids of the deliveries that are pending because of this call
     */
    @Transactional
    public List<String> recordEvent(EventRow event, List<Endpoint> targets, String trigger, Instant firstAt,
                                    Instant now, boolean resend) {
        sql.update("INSERT INTO message (id, stream_seq, channel, event_type, payload, published_at, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", event.messageId(), event.streamSeq(),
                event.channel(), event.eventType(), event.payload(), event.publishedAt(), now);
        if (targets.isEmpty()) {
            return List.of();
        }
        // One multi-row insert for all endpoints; RETURNING tells which deliveries are new.
        StringBuilder q = new StringBuilder("INSERT INTO delivery (id, message_id, endpoint_id, event_type, status,"
                + " attempts, next_trigger, next_attempt_at, created_at, updated_at) VALUES ");
        List<Object> args = new ArrayList<>(targets.size() * 8);
        List<String> all = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            String id = deliveryId(event.messageId(), targets.get(i).id());
            all.add(id);
            q.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)");
            args.addAll(List.of(id, event.messageId(), targets.get(i).id(), event.eventType(), trigger, firstAt, now, now));
        }
        q.append(" ON CONFLICT (id) DO NOTHING RETURNING id");
        List<String> ids = new ArrayList<>(sql.query(q.toString(), rs -> rs.getString(1), args.toArray()));
        if (resend) {
            for (String id : all) {
                if (!ids.contains(id) && rearm(id, trigger, now) > 0) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /**
     * Makes a delivery pending again now (manual retry or recover); a delivery in flight is left alone.
     *
     * @param deliveryId delivery
     * @param trigger    {@code manual} or {@code recover}
     * @param now        now
     * @return 1 when re-armed
     */
    @Transactional
    public int rearm(String deliveryId, String trigger, Instant now) {
        return sql.update("UPDATE delivery SET status = 'pending', next_trigger = ?, next_attempt_at = ?,"
                + " updated_at = ? WHERE id = ? AND status <> 'sending'", trigger, now, now, deliveryId);
    }

    /**
     * Claims a due delivery and commits its attempt row with status {@code sending}, before any byte is sent.
     *
     * @param deliveryId delivery
     * @param now        now
     * @param lease      how long the claim holds before the sweeper declares the attempt interrupted
     * @return the claim, or empty when another worker has it, it isn't due, or its endpoint is gone/disabled
     */
    @Transactional
    public Optional<Claim> claim(String deliveryId, Instant now, Duration lease) {
        // One round trip: claim the delivery and read its endpoint and payload.
        Optional<Object[]> row = sql.one("WITH c AS (UPDATE delivery SET status = 'sending', attempts = attempts + 1,"
                + " lease_until = ?, updated_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?"
                + " RETURNING message_id, endpoint_id, attempts, next_trigger, event_type, created_at)"
                + " SELECT c.message_id, c.attempts, c.next_trigger, c.event_type, c.created_at AS delivery_created,"
                + " m.payload, e.* FROM c JOIN endpoint e ON e.id = c.endpoint_id JOIN message m ON m.id = c.message_id",
                rs -> new Object[] {rs.getString("message_id"), rs.getInt("attempts"), rs.getString("next_trigger"),
                    rs.getString("event_type"), Sql.instant(rs, "delivery_created"), rs.getBytes("payload"),
                    endpoint(rs)},
                now.plus(lease), now, deliveryId, now);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = row.get();
        Endpoint ep = (Endpoint) r[6];
        byte[] payload = (byte[]) r[5];
        if (!ep.enabled() || ep.deletedAt() != null || payload == null) {
            sql.update("UPDATE delivery SET status = 'cancelled', lease_until = NULL, updated_at = ? WHERE id = ?",
                    now, deliveryId);
            return Optional.empty();
        }
        UUID attemptId = UUID.randomUUID();
        sql.update("INSERT INTO attempt (id, delivery_id, message_id, endpoint_id, owner_uuid, event_type,"
                + " attempt_number, trigger, url, status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?)",
                attemptId, deliveryId, r[0], ep.id(), ep.ownerUuid(), r[3], r[1], r[2], ep.url(), now);
        return Optional.of(new Claim(deliveryId, attemptId, (Integer) r[1], (String) r[2], ep, (String) r[0],
                (String) r[3], payload, (Instant) r[4]));
    }

    private static Endpoint endpoint(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Endpoint(rs.getObject("id", UUID.class), rs.getString("owner_uuid"), rs.getString("tenant"),
                rs.getString("url"), rs.getString("events"), rs.getString("description"), rs.getBytes("secret_enc"),
                rs.getBytes("previous_secret_enc"), Sql.instant(rs, "previous_secret_expires_at"),
                rs.getBoolean("enabled"), rs.getString("disabled_reason"), Sql.instant(rs, "disabled_at"),
                Sql.instant(rs, "failing_since"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "deleted_at"), (Integer) rs.getObject("rate_limit"), rs.getString("headers"));
    }

    /**
     * Records an attempt's outcome, moves the delivery on, applies the endpoint rules (410 disables; exhausted
     * deliveries for {@code disableAfter} with no success disable) and queues the outbox entry, in one transaction.
     *
     * @param claim         the claim
     * @param f             the outcome
     * @param now           now
     * @param disableAfter  failing period after which an endpoint is disabled
     * @param outboxChannel channel of the notification
     * @param outboxPayload notification body
     * @param disabledPayload body of {@code webhook.endpoint.disabled} for a reason (gone, failing), queued in the
     *                        same transaction when this attempt disables the endpoint
     * @return true when this attempt disabled the endpoint
     */
    @Transactional
    public boolean complete(Claim claim, Finished f, Instant now, Duration disableAfter, String outboxChannel,
                            byte[] outboxPayload, Function<String, byte[]> disabledPayload) {
        String status = f.nextAttemptAt() != null ? "pending" : f.outcome() == Outcome.SUCCESS ? "succeeded" : "failed";
        UUID ep = claim.endpoint().id();
        // One round trip for the common path: audit row, delivery state, outbox entry (and, on success, the end of
        // any failing period).
        sql.update("WITH a AS (UPDATE attempt SET status = ?, outcome = ?, response_code = ?, error_class = ?,"
                + " error_message = ?, response_body = ?, duration_ms = ?, next_attempt_at = ?, resolved_ip = ?,"
                + " finished_at = ? WHERE id = ? AND status = 'sending' RETURNING id),"
                + " d AS (UPDATE delivery SET status = ?, next_trigger = 'scheduled', next_attempt_at = ?,"
                + " lease_until = NULL, updated_at = ? WHERE id = ? RETURNING id),"
                + " o AS (INSERT INTO outbox (id, channel, payload, created_at) VALUES (?, ?, ?, ?) RETURNING id)"
                + " UPDATE endpoint SET failing_since = NULL WHERE id = ? AND ? AND failing_since IS NOT NULL",
                f.outcome().auditStatus(), f.outcome().name(), f.responseCode() == 0 ? null : f.responseCode(),
                f.errorClass(), truncate(f.errorMessage(), 2048), f.responseBody(), f.durationMs(), f.nextAttemptAt(),
                f.resolvedIp(), now, claim.attemptId(),
                status, f.nextAttemptAt(), now, claim.deliveryId(),
                claim.attemptId(), outboxChannel, outboxPayload, now,
                ep, f.outcome() == Outcome.SUCCESS);
        boolean disabled = false;
        if (f.outcome() == Outcome.GONE) {
            disabled = sql.update("UPDATE endpoint SET enabled = FALSE, disabled_reason = 'gone', disabled_at = ?,"
                    + " updated_at = ? WHERE id = ? AND enabled", now, now, ep) > 0;
        } else if (f.nextAttemptAt() == null) {
            sql.update("UPDATE endpoint SET failing_since = COALESCE(failing_since, ?) WHERE id = ?",
                    claim.deliveryCreatedAt(), ep);
            disabled = sql.update("UPDATE endpoint SET enabled = FALSE, disabled_reason = 'failing', disabled_at = ?,"
                    + " updated_at = ? WHERE id = ? AND enabled AND failing_since <= ?",
                    now, now, ep, now.minus(disableAfter)) > 0;
        }
        if (disabled) {
            sql.update("INSERT INTO outbox (id, channel, payload, created_at) VALUES (?, ?, ?, ?)", UUID.randomUUID(),
                    outboxChannel, disabledPayload.apply(f.outcome() == Outcome.GONE ? "gone" : "failing"), now);
        }
        return disabled;
    }

    /**
     * @param now   now
     * @param limit max ids
     * @return pending deliveries whose attempt is due, oldest first
     */
    @Transactional
    public List<String> due(Instant now, int limit) {
        return sql.query("SELECT id FROM delivery WHERE status = 'pending' AND next_attempt_at <= ?"
                + " ORDER BY next_attempt_at LIMIT ?", rs -> rs.getString(1), now, limit);
    }

    /**
     * @param deliveryId a pending delivery
     * @return its endpoint and that endpoint's rate limit (null: none), or empty when the delivery is not pending
     */
    @Transactional
    public Optional<RateLimit> rateLimitOf(String deliveryId) {
        return sql.one("SELECT e.id, e.rate_limit FROM delivery d JOIN endpoint e ON e.id = d.endpoint_id"
                + " WHERE d.id = ? AND d.status = 'pending'",
                rs -> new RateLimit(rs.getObject(1, UUID.class), (Integer) rs.getObject(2)), deliveryId);
    }

    /**
     * An endpoint's delivery rate limit.
     *
     * @param endpointId endpoint
     * @param perSecond  requests per second at most, or null
     */
    public record RateLimit(UUID endpointId, @Nullable Integer perSecond) {
    }

    /**
     * Moves a pending delivery's next attempt later (its endpoint's rate limit is used up); no attempt is counted.
     *
     * @param deliveryId delivery
     * @param until      when it becomes due again
     */
    @Transactional
    public void postpone(String deliveryId, Instant until) {
        sql.update("UPDATE delivery SET next_attempt_at = GREATEST(next_attempt_at, ?) WHERE id = ? AND status = 'pending'",
                until, deliveryId);
    }

    /**
     * Extends the leases of attempts this process still has in flight, so a lease can be short: after a crash the
     * attempts it had in flight are released (and re-sent) within one lease instead of after the longest request.
     *
     * @param deliveryIds deliveries in flight here
     * @param until       new lease end
     */
    @Transactional
    public void renewLeases(java.util.Collection<String> deliveryIds, Instant until) {
        if (deliveryIds.isEmpty()) {
            return;
        }
        sql.update("UPDATE delivery SET lease_until = ? WHERE status = 'sending' AND id = ANY(string_to_array(?, ','))",
                until, String.join(",", deliveryIds));
    }

    /**
     * Attempts whose lease ran out (the process stopped mid-request) are closed as {@code interrupted} and their
     * deliveries made due again, so nothing stays stuck.
     *
     * @param now now
     * @return number of deliveries released
     */
    @Transactional
    public int releaseExpiredLeases(Instant now) {
        List<String> ids = sql.query("UPDATE delivery SET status = 'pending', next_trigger = 'scheduled',"
                + " next_attempt_at = ?, lease_until = NULL, updated_at = ? WHERE status = 'sending' AND lease_until < ?"
                + " RETURNING id", rs -> rs.getString(1), now, now, now);
        for (String id : ids) {
            sql.update("UPDATE attempt SET status = 'failed', outcome = 'INTERRUPTED', error_class = 'interrupted',"
                    + " error_message = 'the process stopped while the attempt was in flight', next_attempt_at = ?,"
                    + " finished_at = ? WHERE delivery_id = ? AND status = 'sending'", now, now, id);
        }
        return ids.size();
    }

    /**
     * @param since inclusive start
     * @param until exclusive end
     * @param limit max rows
     * @return stored events published in the range whose payload is still kept
     */
    @Transactional
    public List<EventRow> messagesBetween(Instant since, Instant until, int limit) {
        return sql.query("SELECT id, stream_seq, channel, event_type, payload, published_at FROM message"
                + " WHERE published_at >= ? AND published_at < ? AND payload IS NOT NULL ORDER BY published_at LIMIT ?",
                rs -> new EventRow(rs.getString(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getBytes(5), Sql.instant(rs, "published_at")), since, until, limit);
    }

    /**
     * @param deliveryId delivery
     * @param endpointId endpoint it must belong to
     * @return whether it exists for that endpoint
     */
    @Transactional
    public boolean exists(String deliveryId, UUID endpointId) {
        return sql.one("SELECT 1 FROM delivery WHERE id = ? AND endpoint_id = ?", rs -> 1, deliveryId, endpointId)
                .isPresent();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
