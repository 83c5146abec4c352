package io.herald.bus;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The event bus ({@code herald.bus}). The NATS connection itself is micronaut-nats' ({@code nats.default.*}, e.g.
 * {@code nats.default.addresses}); the services map {@code HERALD_NATS_URL} onto it.
 *
 * @param kind                  {@code nats} (JetStream) or {@code memory} (one process, nothing stored on disk);
 *                              defaults to {@code nats}
 * @param stream                stream name; defaults to {@code HERALD} ({@code HERALD_STREAM})
 * @param subjectPrefix         subject prefix; defaults to {@code herald} ({@code HERALD_SUBJECT_PREFIX})
 * @param streamMaxAge          how long events are kept for recovery; defaults to 24 h ({@code HERALD_STREAM_MAX_AGE})
 * @param maxMessagesPerChannel events kept per channel; defaults to -1 (no limit beyond the max age)
 * @param duplicateWindow       how long a {@code Nats-Msg-Id} is remembered; defaults to 2 min
 */
@ConfigurationProperties("herald.bus")
public record BusConfiguration(
    @NotNull @Bindable(defaultValue = "nats") Kind kind,
    @NotBlank @Bindable(defaultValue = "HERALD") String stream,
    @NotBlank @Bindable(defaultValue = "herald") String subjectPrefix,
    @NotNull @Bindable(defaultValue = "24h") Duration streamMaxAge,
    @Bindable(defaultValue = "-1") long maxMessagesPerChannel,
    @NotNull @Bindable(defaultValue = "2m") Duration duplicateWindow) {

    /** @return the stream shape these settings describe */
    public StreamOptions streamOptions() {
        return new StreamOptions(stream, subjectPrefix, streamMaxAge, maxMessagesPerChannel, duplicateWindow);
    }

    /** Which {@link EventBus} implementation runs. */
    public enum Kind {
        /** {@link NatsEventBus}: NATS JetStream, shared by every instance. */
        NATS,
        /** {@link InMemoryEventBus}: inside this process only (embedded platform, tests). */
        MEMORY
    }
}
