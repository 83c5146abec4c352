package io.herald.realtime.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.recovery.RecoveryConfiguration;
import io.herald.realtime.snapshot.SnapshotConfiguration;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history, snapshot and recovery settings: defaults as their Javadoc says, and bound from configuration. */
class ReadPathsConfigurationTest {

    @Test
    void defaults() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("herald.realtime.nats-url", "nats://127.0.0.1:1"))) {
            assertThat(context.getBean(HistoryConfiguration.class)).isEqualTo(new HistoryConfiguration(100, 1000));
            assertThat(context.getBean(SnapshotConfiguration.class))
                .isEqualTo(new SnapshotConfiguration(Duration.ofMinutes(10), Duration.ofHours(1)));
            assertThat(context.getBean(RecoveryConfiguration.class))
                .isEqualTo(new RecoveryConfiguration(Duration.ofSeconds(60), 5000, 20000));
        }
    }

    @Test
    void boundFromConfiguration() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("herald.realtime.nats-url", "nats://127.0.0.1:1",
            "herald.realtime.history.default-limit", "7", "herald.realtime.history.max-limit", "9",
            "herald.realtime.snapshot.finished-window", "PT2M", "herald.realtime.snapshot.lookback", "PT30M",
            "herald.realtime.recovery.mirror-scan-max-count", "77"))) {
            assertThat(context.getBean(HistoryConfiguration.class)).isEqualTo(new HistoryConfiguration(7, 9));
            assertThat(context.getBean(SnapshotConfiguration.class))
                .isEqualTo(new SnapshotConfiguration(Duration.ofMinutes(2), Duration.ofMinutes(30)));
            assertThat(context.getBean(RecoveryConfiguration.class).mirrorScanMaxCount()).isEqualTo(77);
        }
    }
}
