package io.herald.webhook.endpoint;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * Limits of the endpoints API, {@code herald.webhook.api.*}. (The request body cap is Micronaut's
 * {@code micronaut.server.max-request-size}, 64 KiB by default here; larger bodies get 413.)
 *
 * @param maxEndpointsPerUser live endpoints per user. Defaults to 50.
 * @param maxUrlLength        URL length. Defaults to 2,048.
 * @param maxEvents           event types per endpoint. Defaults to 100.
 * @param maxDescription      description length. Defaults to 1,024.
 * @param secretBytes         random bytes in a generated secret (24–32). Defaults to 32.
 * @param rotationOverlap     how long the previous secret keeps signing after a rotation. Defaults to 24 h.
 * @param maxPageSize         page size cap of the deliveries listing. Defaults to 100.
 * @param recoverMaxEvents    events one recover call may re-send. Defaults to 10,000.
 */
@ConfigurationProperties("herald.webhook.api")
public record ApiConfig(@Nullable Integer maxEndpointsPerUser, @Nullable Integer maxUrlLength,
                        @Nullable Integer maxEvents, @Nullable Integer maxDescription, @Nullable Integer secretBytes,
                        @Nullable Duration rotationOverlap, @Nullable Integer maxPageSize,
                        @Nullable Integer recoverMaxEvents) {

    public ApiConfig {
        maxEndpointsPerUser = maxEndpointsPerUser == null ? 50 : maxEndpointsPerUser;
        maxUrlLength = maxUrlLength == null ? 2048 : maxUrlLength;
        maxEvents = maxEvents == null ? 100 : maxEvents;
        maxDescription = maxDescription == null ? 1024 : maxDescription;
        secretBytes = secretBytes == null ? 32 : secretBytes;
        rotationOverlap = rotationOverlap == null ? Duration.ofHours(24) : rotationOverlap;
        maxPageSize = maxPageSize == null ? 100 : maxPageSize;
        recoverMaxEvents = recoverMaxEvents == null ? 10_000 : recoverMaxEvents;
    }
}
