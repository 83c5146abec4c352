package io.herald.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.api.ApiConfiguration;
import io.herald.realtime.api.SessionsConfiguration;
import io.herald.bus.BusConfiguration;
import io.herald.bus.EventBus;
import io.herald.bus.throttle.ThrottleConfiguration;
import io.herald.realtime.transport.LimitsConfiguration;
import io.micronaut.context.ApplicationContext;
import io.herald.support.token.TokenConfiguration;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every configuration record's defaults (as written in their Javadoc) and that an unreachable NATS leaves the service
 * running but not ready. NATS is pointed at a closed port, so no stream is touched.
 */
class ConfigurationDefaultsTest {

    @Test
    void defaultsAndUnreachableNats() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("herald.realtime.nats-url", "nats://127.0.0.1:1"))) {
            LimitsConfiguration limits = context.getBean(LimitsConfiguration.class);
            assertThat(limits).isEqualTo(new LimitsConfiguration(65536, 50, 20, 100, 1_048_576, 10_000, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(1), 1000));
            ThrottleConfiguration throttle = context.getBean(ThrottleConfiguration.class);
            assertThat(throttle).isEqualTo(new ThrottleConfiguration(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(200), 100_000));
            TokenConfiguration auth = context.getBean(TokenConfiguration.class);
            assertThat(auth.jwksUrl()).isEqualTo("http://127.0.0.1:8081/keys");
            assertThat(auth.issuer()).isEqualTo("herald");
            assertThat(auth.clockSkew()).isEqualTo(Duration.ofSeconds(60));
            BusConfiguration bus = context.getBean(BusConfiguration.class);
            assertThat(bus.stream()).isEqualTo("HERALD");
            assertThat(bus.subjectPrefix()).isEqualTo("herald");
            assertThat(bus.streamMaxAge()).isEqualTo(Duration.ofHours(24));
            assertThat(context.getBean(ApiConfiguration.class).serverApiKeys()).allMatch(String::isBlank);
            assertThat(context.getBean(SessionsConfiguration.class).revocationMemory()).isEqualTo(Duration.ofHours(24));
            assertThat(context.getBean(SessionsConfiguration.class).maxUserLength()).isEqualTo(256);
            assertThat(context.getBean(EventBus.class).ready()).isFalse();
        }
    }

    @Test
    void sessionSettingsAreBoundFromConfiguration() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("herald.realtime.nats-url", "nats://127.0.0.1:1",
            "herald.realtime.sessions.revocation-memory", "PT2H", "herald.realtime.sessions.max-user-length", "64"))) {
            SessionsConfiguration sessions = context.getBean(SessionsConfiguration.class);
            assertThat(sessions.revocationMemory()).isEqualTo(Duration.ofHours(2));
            assertThat(sessions.maxUserLength()).isEqualTo(64);
        }
    }

    @Test
    void throttleWindowIsBoundFromConfiguration() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("herald.realtime.nats-url", "nats://127.0.0.1:1",
            "herald.realtime.throttle.window", "PT2S"))) {
            assertThat(context.getBean(ThrottleConfiguration.class).window()).isEqualTo(Duration.ofSeconds(2));
        }
    }
}
