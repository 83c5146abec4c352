package io.herald.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.auth.db.DatabaseProperties;
import io.herald.auth.keys.SigningKeyProperties;
import io.herald.auth.ratelimit.RateLimitProperties;
import io.herald.auth.security.KeyProperties;
import io.herald.auth.session.CookieProperties;
import io.herald.auth.token.TokenProperties;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every configuration record binds its defaults and its overrides (no server, no database). */
class ConfigurationBindingTest {

    @Test
    void defaults() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("herald.auth.admin-key", "x".repeat(20),
            "herald.auth.signing.key-encryption-key", io.herald.auth.support.AuthIntegrationTest.KEY_ENCRYPTION_KEY))) {
            TokenProperties token = context.getBean(TokenProperties.class);
            assertEquals(Duration.ofMinutes(15), token.ttl());
            assertEquals(Duration.ofHours(24), token.maxTtl());
            assertEquals("herald", token.issuer());
            assertEquals(100, token.maxGrants());
            RateLimitProperties rate = context.getBean(RateLimitProperties.class);
            assertTrue(rate.enabled());
            assertEquals(Duration.ofMinutes(1), rate.window());
            assertEquals(120, rate.perIp());
            assertEquals(30, rate.perKey());
            assertFalse(context.getBean(CookieProperties.class).secure());
            assertEquals(Duration.ofSeconds(5), context.getBean(DatabaseProperties.class).retryInterval());
            SigningKeyProperties signing = context.getBean(SigningKeyProperties.class);
            assertFalse(signing.configured());
            assertEquals(Duration.ofDays(30), signing.rotationPeriod());
            assertEquals(List.of(), context.getBean(KeyProperties.class).serverKeys());
        }
    }

    @Test
    void overrides() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
            "herald.auth.admin-key", "x".repeat(20),
            "herald.auth.signing.key-encryption-key", io.herald.auth.support.AuthIntegrationTest.KEY_ENCRYPTION_KEY,
            "herald.auth.server-api-keys", "one-0123456789abcdef, two-0123456789abcdef",
            "herald.auth.token.ttl", "PT5M",
            "herald.auth.rate-limit.per-ip", "7",
            "herald.auth.cookie.secure", "true",
            "herald.auth.signing.rotation-period", "P7D"))) {
            assertEquals(Duration.ofMinutes(5), context.getBean(TokenProperties.class).ttl());
            assertEquals(7, context.getBean(RateLimitProperties.class).perIp());
            assertTrue(context.getBean(CookieProperties.class).secure());
            assertEquals(Duration.ofDays(7), context.getBean(SigningKeyProperties.class).rotationPeriod());
            assertEquals(List.of("one-0123456789abcdef", "two-0123456789abcdef"),
                context.getBean(KeyProperties.class).serverKeys());
            assertFalse(context.getBean(KeyProperties.class).toString().contains("x".repeat(20)));
        }
    }
}
