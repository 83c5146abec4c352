package io.herald.webhook.endpoint;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A webhook endpoint row. Secrets are only held encrypted; {@link EndpointService} decrypts them for signing.
 *
 * @param id                      endpoint id
 * @param ownerUuid               the owning user
 * @param tenant                  the owner's tenant (from the token)
 * @param url                     target URL
 * @param events                  comma-separated subscribed event types, or {@code *}
 * @param description             free text
 * @param secretEnc               current secret, AES-GCM
 * @param previousSecretEnc       the secret before the last rotation, AES-GCM
 * @param previousSecretExpiresAt when the previous secret stops signing
 * @param enabled                 whether deliveries are made
 * @param disabledReason          {@code gone}, {@code failing} or {@code user}
 * @param disabledAt              when it was disabled
 * @param failingSince            first exhausted delivery since the last success
 * @param createdAt               created
 * @param updatedAt               last changed
 * @param deletedAt               soft-deleted (audit rows keep pointing at it)
 * @param rateLimit               at most this many requests per second to this endpoint, or null (no limit)
 * @param headers                 custom request headers, one {@code Name: value} per line, or null
 */
@MappedEntity("endpoint")
public record Endpoint(@Id UUID id, String ownerUuid, String tenant, String url, String events,
                       @Nullable String description, byte[] secretEnc, @Nullable byte[] previousSecretEnc,
                       @Nullable Instant previousSecretExpiresAt, boolean enabled, @Nullable String disabledReason,
                       @Nullable Instant disabledAt, @Nullable Instant failingSince, Instant createdAt,
                       Instant updatedAt, @Nullable Instant deletedAt, @Nullable Integer rateLimit,
                       @Nullable String headers) {

    /** @return the custom request headers, in the order they were given */
    public java.util.Map<String, String> headerMap() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (headers != null && !headers.isEmpty()) {
            for (String line : headers.split("\n")) {
                int colon = line.indexOf(':');
                out.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return out;
    }

    /** @return subscribed event types */
    public List<String> eventList() {
        return Arrays.asList(events.split(","));
    }

    /**
     * @param eventType an event's type
     * @param progress  whether it is a progress event: those are only received when subscribed to by name
     * @return whether this endpoint receives it
     */
    public boolean receives(String eventType, boolean progress) {
        for (String e : eventList()) {
            if (e.equals(eventType) || (!progress && e.equals("*"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param eventType an event's type
     * @return whether this endpoint subscribes to it
     */
    public boolean subscribes(String eventType) {
        for (String e : eventList()) {
            if (e.equals("*") || e.equals(eventType)) {
                return true;
            }
        }
        return false;
    }
}
