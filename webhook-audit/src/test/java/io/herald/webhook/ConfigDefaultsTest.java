package io.herald.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.herald.webhook.audit.RetentionConfig;
import io.herald.webhook.auth.AuthConfig;
import io.herald.webhook.delivery.DeliveryConfig;
import io.herald.webhook.endpoint.ApiConfig;
import io.herald.webhook.ssrf.SsrfConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented defaults of every settings record (binding of set values is checked in the ITs). */
class ConfigDefaultsTest {

    @Test
    void deliveryDefaults() {
        DeliveryConfig d = DeliveryConfig.defaults();
        assertEquals(Duration.ofSeconds(10), d.connectTimeout());
        assertEquals(Duration.ofSeconds(30), d.requestTimeout());
        assertEquals(20_480, d.responseBodyCap());
        assertEquals(32, d.concurrency());
        assertEquals(Duration.ofSeconds(15), d.lease());
        assertThrows(IllegalArgumentException.class, () -> new DeliveryConfig(null, null, null, null,
                Duration.ofMillis(500), null, null, null, null));
    }

    @Test
    void otherDefaults() {
        ApiConfig a = new ApiConfig(null, null, null, null, null, null, null, null);
        assertEquals(50, a.maxEndpointsPerUser());
        assertEquals(32, a.secretBytes());
        assertEquals(Duration.ofHours(24), a.rotationOverlap());
        RetentionConfig r = new RetentionConfig(null, null, null);
        assertEquals(Duration.ofDays(30), r.payloads());
        assertEquals(Duration.ofDays(90), r.attempts());
        assertEquals(Duration.ofSeconds(60), new AuthConfig(null, null, null).apiKeyTtl());
        assertEquals(List.of("127.0.0.0/8", "10.1.0.0/16"), new SsrfConfig(" 127.0.0.0/8, 10.1.0.0/16 ,").subnets());
        assertEquals(List.of(), new SsrfConfig(null).subnets());
    }
}
