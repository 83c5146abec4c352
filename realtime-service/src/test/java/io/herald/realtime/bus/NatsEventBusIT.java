package io.herald.realtime.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link NatsEventBus} against the real local NATS, each test with its own stream and subject prefix. */
class NatsEventBusIT extends EventBusContract {

    String stream;

    @Override
    protected EventBus createBus() {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        stream = "HERALD_BUS_" + run;
        NatsEventBus nats = new NatsEventBus(RealtimeServer.NATS_URL, stream, "herald_bus_" + run, Duration.ofMinutes(10));
        nats.start();
        return nats;
    }

    @Override
    protected void destroyBus(EventBus bus) throws Exception {
        bus.close();
        try (Connection connection = Nats.connect(RealtimeServer.NATS_URL)) {
            connection.jetStreamManagement().deleteStream(stream);
        } catch (JetStreamApiException ignored) {
            // already gone
        }
    }

    @Test
    void createsTheStreamAsTheInternalContractsSay() throws Exception {
        try (Connection connection = Nats.connect(RealtimeServer.NATS_URL)) {
            StreamInfo info = connection.jetStreamManagement().getStreamInfo(stream);
            assertThat(info.getConfiguration().getSubjects()).containsExactly(stream.replace("HERALD_BUS_", "herald_bus_") + ".ch.>");
            assertThat(info.getConfiguration().getMaxAge()).isEqualTo(Duration.ofMinutes(10));
            assertThat(info.getConfiguration().getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
            assertThat(info.getConfiguration().getStorageType()).isEqualTo(io.nats.client.api.StorageType.File);
        }
    }

    @Test
    void aBadChannelIsRefusedBeforeReachingNats() {
        assertThat(bus.publish("bad channel", new byte[] {'{', '}'}, null)).isCompletedExceptionally();
    }
}
