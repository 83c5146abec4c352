package io.herald.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.auth.support.AuthIntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@MicronautTest(transactional = false)
class RateLimitAndLogSecrecyIT extends AuthIntegrationTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("herald.auth.rate-limit.per-ip", "6", "herald.auth.rate-limit.per-key", "3",
            "herald.auth.rate-limit.window", "PT1H");
    }

    private HttpResponse<String> socket(String key) {
        return send(request("/api/public/auth/socket").header("X-AUTH-TOKEN", key)
            .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void socketEndpointLimitsPerKeyThenPerIp() {
        CreatedUser a = createUser("rate-a@example.com", "acme", null);
        CreatedUser b = createUser("rate-b@example.com", "acme", null);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, socket(a.apiKey()).statusCode());
        }
        HttpResponse<String> limited = socket(a.apiKey());
        assertProblem(limited, 429);
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 3600, "Retry-After " + retryAfter);
        assertEquals(200, socket(b.apiKey()).statusCode(), "another key is not limited by a's key limit");
        assertEquals(200, socket(b.apiKey()).statusCode());
        // Six requests from this address so far in the window: the per-IP limit now refuses every key.
        assertProblem(socket(b.apiKey()), 429);
        // Login counts separately.
        HttpResponse<String> login = postJson("/api/auth/login",
            "{\"email\":\"rate-a@example.com\",\"password\":\"not-the-password\"}");
        assertProblem(login, 401);
    }

    @Test
    void loginLimitsPerEmail() {
        createUser("rate-login@example.com", "acme", "correct horse battery");
        String body = "{\"email\":\"rate-login@example.com\",\"password\":\"guess-guess\"}";
        for (int i = 0; i < 3; i++) {
            assertProblem(postJson("/api/auth/login", body), 401);
        }
        HttpResponse<String> limited = postJson("/api/auth/login",
            "{\"email\":\"Rate-Login@example.com\",\"password\":\"correct horse battery\"}");
        assertProblem(limited, 429);
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void secretsNeverReachTheLog() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger herald = (Logger) LoggerFactory.getLogger("io.herald");
        Logger micronaut = (Logger) LoggerFactory.getLogger("io.micronaut.http");
        Logger security = (Logger) LoggerFactory.getLogger("io.micronaut.security");
        Level[] previous = {herald.getLevel(), micronaut.getLevel(), security.getLevel()};
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        herald.setLevel(Level.TRACE);
        micronaut.setLevel(Level.TRACE);
        security.setLevel(Level.TRACE);
        List<String> secrets = new ArrayList<>(List.of(ADMIN_KEY, SERVER_KEY, SERVER_KEY_2));
        try {
            String password = "very-secret-password-42";
            CreatedUser user = createUser("secret@example.com", "acme", password);
            secrets.add(user.apiKey());
            secrets.add(password);
            HttpResponse<String> token = postJson("/api/tokens", "{\"user\":\"" + user.uuid() + "\"}",
                "X-API-Key", SERVER_KEY);
            secrets.add((String) parse(token).get("token"));
            HttpResponse<String> login = postJson("/api/auth/login",
                "{\"email\":\"secret@example.com\",\"password\":\"" + password + "\"}");
            assertEquals(204, login.statusCode());
            // Failures too: a malformed body carrying a password, a wrong admin key.
            postJson("/api/auth/login", "{\"email\":\"secret@example.com\",\"password\":\"" + password + "\"");
            postJson("/api/admin/users", "{}", "Authorization", "apikey " + ADMIN_KEY + "x");
        } finally {
            root.detachAppender(appender);
            herald.setLevel(previous[0]);
            micronaut.setLevel(previous[1]);
            security.setLevel(previous[2]);
        }
        assertFalse(appender.list.isEmpty(), "the capture saw no log events at all");
        for (ILoggingEvent event : appender.list) {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                : event.getThrowableProxy().getMessage());
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "secret in log: " + event.getLoggerName() + " " + line);
            }
        }
    }
}
