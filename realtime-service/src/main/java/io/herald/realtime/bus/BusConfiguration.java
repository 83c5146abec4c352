package io.herald.realtime.bus;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * The JetStream event bus ({@code herald.realtime}).
 *
 * @param natsUrl       NATS server(s); defaults to {@code nats://127.0.0.1:4222} ({@code HERALD_NATS_URL})
 * @param stream        stream name; defaults to {@code HERALD} ({@code HERALD_STREAM})
 * @param subjectPrefix subject prefix; defaults to {@code herald} ({@code HERALD_SUBJECT_PREFIX})
 * @param streamMaxAge  how long events are kept for recovery; defaults to 24 h ({@code HERALD_STREAM_MAX_AGE})
 */
@ConfigurationProperties("herald.realtime")
public record BusConfiguration(
    @NotBlank @Bindable(defaultValue = "nats://127.0.0.1:4222") String natsUrl,
    @NotBlank @Bindable(defaultValue = "HERALD") String stream,
    @NotBlank @Bindable(defaultValue = "herald") String subjectPrefix,
    @Bindable(defaultValue = "24h") Duration streamMaxAge) {
}
