package io.herald.platform.demo;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * The demo page's settings ({@code herald.platform.demo}).
 *
 * @param enabled      whether {@code /demo/**} exists. Defaults to {@code true} in the platform.
 * @param jobSteps     progress events of a sample export job. Defaults to 8.
 * @param stepInterval time between two of them. Defaults to 1 s (progress is throttled per job, so the page shows
 *                     the first, the trailing one of each window and the finish).
 * @param tenant       the demo user's tenant. Defaults to {@code demo}.
 */
@ConfigurationProperties("herald.platform.demo")
public record DemoConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "8") @Min(1) int jobSteps,
    @Bindable(defaultValue = "PT1S") @NotNull Duration stepInterval,
    @Bindable(defaultValue = "demo") @NotNull String tenant) {
}
