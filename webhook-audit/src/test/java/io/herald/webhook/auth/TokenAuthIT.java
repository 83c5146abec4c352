package io.herald.webhook.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.webhook.support.Harness;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The webhooks API refuses tokens that break the token contract (forged with the real key), answers media-type and
 * body errors with problem+json free of parser internals, and shows health details only to authenticated callers.
 */
class TokenAuthIT {

    private static Harness h;

    @BeforeAll
    static void start() throws Exception {
        h = new Harness(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    static JWTClaimsSet.Builder valid() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("herald").subject(UUID.randomUUID().toString()).claim("tenant", "acme")
            .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    static void isProblem(Harness.Answer a, int status) {
        assertEquals(status, a.status(), a.raw());
        assertTrue(a.contentType().startsWith("application/problem+json"), a.contentType());
        assertFalse(a.raw().contains("Exception") || a.raw().contains("[Source:") || a.raw().contains("jackson"), a.raw());
    }

    @Test
    void tokensBreakingTheContractAre401() throws Exception {
        assertEquals(200, h.get("/api/webhooks", h.auth.sign(valid().build())).status());
        Instant now = Instant.now();
        for (JWTClaimsSet forged : List.of(
                valid().expirationTime(null).build(),
                valid().issuer(null).build(),
                valid().issuer("evil").build(),
                valid().issueTime(null).build(),
                valid().issueTime(Date.from(now.plus(Duration.ofHours(1)))).expirationTime(Date.from(now.plus(Duration.ofHours(2)))).build(),
                valid().subject("not-a-uuid").build())) {
            isProblem(h.get("/api/webhooks", h.auth.sign(forged)), 401);
        }
    }

    @Test
    void aMalformedExpIs401WithoutAStackTraceInTheLog() throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        try {
            String token = h.auth.sign(valid().build());
            String[] parts = token.split("\\.");
            String claims = "{\"iss\":\"herald\",\"sub\":\"" + UUID.randomUUID() + "\",\"tenant\":\"acme\",\"iat\":"
                + Instant.now().getEpochSecond() + ",\"exp\":\"tomorrow\"}";
            isProblem(h.get("/api/webhooks", parts[0] + "." + Base64URL.encode(claims) + "." + parts[2]), 401);
            assertTrue(appender.list.stream().noneMatch(e -> e.getThrowableProxy() != null),
                () -> "stack trace logged: " + appender.list);
        } finally {
            root.detachAppender(appender);
        }
    }

    @Test
    void wrongMediaTypeIs415AndWrongTypesAre400WithoutParserInternals() throws Exception {
        String token = h.auth.sign(valid().build());
        isProblem(h.send("POST", "/api/webhooks", token, null, Map.of("Content-Type", "text/plain")), 415);
        Harness.Answer typed = h.post("/api/webhooks", token, "{\"url\":{\"a\":1},\"events\":5}");
        isProblem(typed, 400);
        Harness.Answer broken = h.post("/api/webhooks", token, "{\"url\": \"http://127.0.0.1/x\", \"events\": [tru");
        isProblem(broken, 400);
    }

    @Test
    void healthDetailsOnlyForAuthenticatedCallers() throws Exception {
        Harness.Answer anonymous = h.get("/health", null);
        assertEquals(200, anonymous.status());
        assertEquals("UP", anonymous.json().get("status"));
        assertNull(anonymous.json().get("details"), anonymous.raw());
        assertFalse(anonymous.raw().contains("jdbc:"), anonymous.raw());
        Harness.Answer authenticated = h.get("/health", h.auth.sign(valid().build()));
        assertEquals(200, authenticated.status());
        assertTrue(authenticated.raw().contains("details"), authenticated.raw());
    }
}
