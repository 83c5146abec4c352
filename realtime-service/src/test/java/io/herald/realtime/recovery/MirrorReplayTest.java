package io.herald.realtime.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bus.BusEvent;
import io.herald.bus.InMemoryEventBus;
import io.herald.bus.StreamOptions;
import io.herald.bus.contract.SchemaEventCheck;
import io.herald.schema.EventContract;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A mirror channel's replay without sockets (in-memory bus, the built-in catalogue's {@code exports} →
 * {@code export_job} rule): the source events mapped to the channel at their own offsets, and
 * {@code herald.realtime.recovery.mirror-scan-max-count} bounding how much of the stream is read for them.
 */
class MirrorReplayTest {

    final InMemoryEventBus bus = new InMemoryEventBus(StreamOptions.of("T", "herald", Duration.ofHours(1)),
        Clock.systemUTC());

    @AfterEach
    void close() {
        bus.close();
    }

    HistoryReplay replay(int mirrorScanMaxCount) {
        return new HistoryReplay(bus, new SchemaEventCheck(EventContract.load()), Duration.ofSeconds(1),
            Duration.ofMillis(200), new RecoveryConfiguration(Duration.ofSeconds(60), 5000, mirrorScanMaxCount), 1000,
            System::currentTimeMillis);
    }

    long publish(String channel, String json) {
        return bus.publish(channel, json.getBytes(StandardCharsets.UTF_8), null).join().offset();
    }

    @Test
    void theSourceEventsMappedToTheMirrorChannelAreReplayedThereWithinTheScanBound() {
        long before = publish("exports:u1", MirrorRecoveryIT.export("job.created", "g0", 0));
        long created = publish("exports:u1", MirrorRecoveryIT.export("job.created", "g1", 0));
        publish("exports:u2", MirrorRecoveryIT.export("job.created", "g2", 0));
        publish("exports:u1", MirrorRecoveryIT.export("job.finished", "g0", 100));
        long finished = publish("exports:u1", MirrorRecoveryIT.export("job.finished", "g1", 100));

        Recovery recovery = replay(100).replay("export.g1.job", before, null);
        assertThat(recovery.recovered()).isTrue();
        assertThat(recovery.events()).extracting(BusEvent::offset).containsExactly(created, finished);
        assertThat(recovery.events()).extracting(BusEvent::channel).containsOnly("export.g1.job");
        assertThat(recovery.latestOffset()).isEqualTo(finished);

        // four stream events after the client's offset: a bound of four reads them all, three cannot recover
        assertThat(replay(4).replay("export.g1.job", before, null).events()).hasSize(2);
        Recovery tooFar = replay(3).replay("export.g1.job", before, null);
        assertThat(tooFar.recovered()).isFalse();
        assertThat(tooFar.events()).isEmpty();
        // a channel of another namespace is not scanned at all
        assertThat(replay(1).replay("exports:u1", before, null).recovered()).isTrue();
    }
}
