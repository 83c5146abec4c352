package io.herald.webhook.endpoint;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * An endpoint as the API shows it. {@code secret} is only present in the answers of create and rotate-secret.
 *
 * @param id             endpoint id
 * @param url            target URL
 * @param events         subscribed event types ({@code *} = all)
 * @param description    free text
 * @param enabled        whether deliveries are made
 * @param disabledReason {@code gone} (the receiver answered 410), {@code failing} (retries exhausted for 5 days) or
 *                       {@code user}
 * @param disabledAt     when it was disabled
 * @param secret         the signing secret, shown once
 * @param createdAt      created
 * @param updatedAt      last changed
 * @param rateLimit      requests per second at most, or null
 * @param headers        custom request headers
 */
@Serdeable
public record EndpointView(String id, String url, List<String> events, @Nullable String description, boolean enabled,
                           @Nullable String disabledReason, @Nullable Instant disabledAt, @Nullable String secret,
                           Instant createdAt, Instant updatedAt, @Nullable Integer rateLimit,
                           java.util.Map<String, String> headers) {

    static EndpointView of(Endpoint e, @Nullable String secret) {
        return new EndpointView(e.id().toString(), e.url(), e.eventList(), e.description(), e.enabled(),
                e.disabledReason(), e.disabledAt(), secret, e.createdAt(), e.updatedAt(), e.rateLimit(),
                e.headerMap());
    }
}
