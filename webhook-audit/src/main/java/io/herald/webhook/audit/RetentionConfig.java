package io.herald.webhook.audit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * Retention, {@code herald.webhook.retention.*}; enforced by {@link RetentionJob}.
 *
 * @param payloads how long message payloads are kept. Defaults to 30 days.
 * @param attempts how long audit rows are kept. Defaults to 90 days.
 * @param batch    rows deleted per statement (keeps transactions short). Defaults to 5,000.
 */
@ConfigurationProperties("herald.webhook.retention")
public record RetentionConfig(@Nullable Duration payloads, @Nullable Duration attempts, @Nullable Integer batch) {

    public RetentionConfig {
        payloads = payloads == null ? Duration.ofDays(30) : payloads;
        attempts = attempts == null ? Duration.ofDays(90) : attempts;
        batch = batch == null ? 5_000 : batch;
    }
}
