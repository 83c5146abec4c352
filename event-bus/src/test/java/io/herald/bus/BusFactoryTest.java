package io.herald.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wiring: {@code herald.bus.kind} picks the implementation, the defaults are the documented ones, and with NATS
 * unreachable the context still starts (micronaut-nats' connection bean exists, the bus is not ready).
 */
class BusFactoryTest {

    @Test
    void memoryKindRunsTheInMemoryBus() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("herald.bus.kind", "memory",
                "herald.bus.stream", "S"))) {
            EventBus bus = context.getBean(EventBus.class);
            assertThat(bus).isInstanceOf(InMemoryEventBus.class);
            assertThat(bus.ready()).isTrue();
            assertThat(bus.publish("order_changes@t", "{}".getBytes(), null).join().offset()).isEqualTo(1);
        }
    }

    @Test
    void natsIsTheDefaultAndAnUnreachableServerDoesNotStopStartUp() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("nats.default.addresses", "nats://127.0.0.1:1"))) {
            BusConfiguration config = context.getBean(BusConfiguration.class);
            assertThat(config).isEqualTo(new BusConfiguration(BusConfiguration.Kind.NATS, "HERALD", "herald",
                Duration.ofHours(24), -1, Duration.ofMinutes(2)));
            EventBus bus = context.getBean(EventBus.class);
            assertThat(bus).isInstanceOf(NatsEventBus.class);
            assertThat(bus.ready()).isFalse();
            assertThat(context.getBean(Connection.class).getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
        }
    }
}
