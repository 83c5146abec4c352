package io.herald.webhook.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One audit row: a delivery attempt. Holds no secret.
 *
 * @param id            attempt id (also the {@code uuid} of its {@code webhook.event.created} event)
 * @param deliveryId    the {@code webhook-id}; use it with {@code .../deliveries/{deliveryId}/retry}
 * @param messageId     the stored event
 * @param eventType     event type
 * @param attemptNumber 1-based attempt number of this delivery
 * @param trigger       {@code scheduled}, {@code manual} or {@code recover}
 * @param url           URL at attempt time
 * @param resolvedIp    address connected to
 * @param status        {@code sending}, {@code success}, {@code failed} or {@code blocked}
 * @param outcome       outcome class (SUCCESS, REDIRECT, GONE, THROTTLED, HTTP_ERROR, TIMEOUT, NETWORK_ERROR,
 *                      BLOCKED, INTERRUPTED)
 * @param responseCode  HTTP status
 * @param errorClass    timeout, dns, connect, tls, io, ssrf_blocked, redirect, interrupted
 * @param errorMessage  explanation
 * @param responseBody  response body, truncated
 * @param durationMs    duration
 * @param nextAttemptAt when the next attempt is scheduled, if any
 * @param startedAt     start
 * @param finishedAt    end
 */
@Serdeable
public record AttemptView(String id, String deliveryId, String messageId, String eventType, int attemptNumber,
                          String trigger, String url, @Nullable String resolvedIp, String status,
                          @Nullable String outcome, @Nullable Integer responseCode, @Nullable String errorClass,
                          @Nullable String errorMessage, @Nullable String responseBody, @Nullable Long durationMs,
                          @Nullable Instant nextAttemptAt, Instant startedAt, @Nullable Instant finishedAt) {
}
