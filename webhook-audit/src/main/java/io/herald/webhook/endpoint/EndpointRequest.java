package io.herald.webhook.endpoint;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Body of create ({@code url} and {@code events} required) and update (every field optional).
 *
 * @param url         target URL, http(s), refused by the SSRF guard when it reaches a private network
 * @param events      event types from the catalogue, or {@code ["*"]}
 * @param description free text
 * @param enabled     update only: re-enable or disable
 * @param rateLimit   at most this many requests per second (1..10,000); a burst beyond it is queued, not dropped;
 *                    0 on update removes the limit
 * @param headers     custom request headers sent with every delivery (replaces the previous set on update; {@code {}}
 *                    removes them); the {@code webhook-*}, {@code content-type}, {@code user-agent},
 *                    {@code content-length} and {@code host} headers cannot be set
 */
@Serdeable
public record EndpointRequest(@Nullable String url, @Nullable List<String> events, @Nullable String description,
                              @Nullable Boolean enabled, @Nullable Integer rateLimit,
                              @Nullable java.util.Map<String, String> headers) {
}
