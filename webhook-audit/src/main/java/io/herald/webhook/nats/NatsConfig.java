package io.herald.webhook.nats;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * NATS JetStream settings, {@code herald.nats.*} (environment: {@code HERALD_NATS_URL}, {@code HERALD_STREAM},
 * {@code HERALD_SUBJECT_PREFIX}, {@code HERALD_STREAM_MAX_AGE}).
 *
 * @param url            server URL. Defaults to {@code nats://127.0.0.1:4222}.
 * @param stream         stream name. Defaults to {@code HERALD}.
 * @param subjectPrefix  subject prefix. Defaults to {@code herald}.
 * @param maxAge         max age of a stream created by this service. Defaults to 24 h.
 * @param retryInterval  pause between connection attempts at start-up. Defaults to 2 s.
 */
@ConfigurationProperties("herald.nats")
public record NatsConfig(@Nullable String url, @Nullable String stream, @Nullable String subjectPrefix,
                         @Nullable Duration maxAge, @Nullable Duration retryInterval) {

    public NatsConfig {
        url = url == null || url.isBlank() ? "nats://127.0.0.1:4222" : url;
        stream = stream == null || stream.isBlank() ? "HERALD" : stream;
        subjectPrefix = subjectPrefix == null || subjectPrefix.isBlank() ? "herald" : subjectPrefix;
        maxAge = maxAge == null ? Duration.ofHours(24) : maxAge;
        retryInterval = retryInterval == null ? Duration.ofSeconds(2) : retryInterval;
    }
}
