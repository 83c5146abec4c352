package io.herald.realtime.recovery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Recovery of missed events ({@code herald.realtime.recovery}), shared by the Herald ({@code since}) and the
 * Centrifugo ({@code recover}) protocols. The most events one recovery replays is
 * {@code herald.realtime.limits.history-max-count}.
 *
 * @param warmup         how much stream time before the client's offset is read (not sent) so the replayed throttle
 *                       windows line up with the live ones. A job whose progress kept a window chain open for longer
 *                       than this may see its first recovered progress decided differently. Defaults to 60 s
 * @param warmupMaxCount most events read for the warm-up. Defaults to 5,000
 * @param mirrorScanMaxCount most stream events (of every channel) read to recover a mirror channel, such as
 *                       {@code export.{guid}.job}: its mirrored events are found by reading the stream after the
 *                       client's offset, and when more than this many events were published since, the recovery is
 *                       not possible ({@code recovered: false}). Defaults to 20,000
 */
@ConfigurationProperties("herald.realtime.recovery")
public record RecoveryConfiguration(
    @Bindable(defaultValue = "60s") Duration warmup,
    @Positive @Bindable(defaultValue = "5000") int warmupMaxCount,
    @Positive @Bindable(defaultValue = "20000") int mirrorScanMaxCount) {
}
