package io.herald.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.auth.db.DatabaseBootstrap;
import io.herald.auth.support.AuthIntegrationTest;
import io.herald.auth.security.MissingSettingException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Start-up without required settings and without a reachable database. */
class StartupIT {

    @Test
    void missingAdminKeyStopsStartupNamingTheVariable() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> ApplicationContext.run(
            EmbeddedServer.class, Map.of("micronaut.server.port", -1, "herald.auth.admin-key", "",
            "herald.auth.signing.key-encryption-key", AuthIntegrationTest.KEY_ENCRYPTION_KEY)).close());
        Throwable cause = failure;
        while (cause != null && !(cause instanceof MissingSettingException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null, "no MissingSettingException in " + failure);
        assertTrue(cause.getMessage().startsWith("HERALD_ADMIN_KEY is not set"), cause.getMessage());
    }

    @Test
    void unreachableDatabaseLogsOneLineRetriesAndReportsNotReady() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Logger logger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "micronaut.server.port", -1,
            "herald.auth.admin-key", "admin-key-0123456789abcdef",
            "herald.auth.signing.key-encryption-key", AuthIntegrationTest.KEY_ENCRYPTION_KEY,
            "datasources.default.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/herald",
            "datasources.default.connection-timeout", 1000,
            "herald.auth.database.retry-interval", "PT0.2S"))) {
            DatabaseBootstrap bootstrap = server.getApplicationContext().getBean(DatabaseBootstrap.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> bootstrap.lastError() != null);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getPort();
            HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(URI.create(base + "/health/readiness"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, readiness.statusCode(), readiness.body());
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/api/public/auth/socket"))
                .header("X-AUTH-TOKEN", "hk_abcdefghijkl" + "A".repeat(43)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, token.statusCode(), token.body());
            assertTrue(token.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        } finally {
            logger.detachAppender(appender);
        }
        long warnings = appender.list.stream().filter(e -> e.getLevel().toString().equals("WARN")
            && e.getLoggerName().contains("DatabaseMigration")).count();
        assertEquals(1, warnings, "exactly one warning line for an unreachable database");
        assertTrue(appender.list.stream().allMatch(e -> e.getThrowableProxy() == null), "a stack trace was logged");
    }

    @Test
    void missingDatabaseIsNamedHealthPollsLogNoErrorsAndKeysAre503() throws Exception {
        String missing = "herald_missing_" + Long.toHexString(System.nanoTime());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "micronaut.server.port", -1,
            "herald.auth.admin-key", "admin-key-0123456789abcdef",
            "herald.auth.signing.key-encryption-key", AuthIntegrationTest.KEY_ENCRYPTION_KEY,
            "datasources.default.url", "jdbc:postgresql://127.0.0.1:5432/" + missing,
            "datasources.default.connection-timeout", 1000,
            "herald.auth.database.retry-interval", "PT0.2S"))) {
            DatabaseBootstrap bootstrap = server.getApplicationContext().getBean(DatabaseBootstrap.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> bootstrap.lastError() != null);
            assertTrue(bootstrap.lastError().contains("does not exist"), bootstrap.lastError());
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getPort();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertEquals(503, health.statusCode(), health.body());
            }
            HttpResponse<String> keys = http.send(HttpRequest.newBuilder(URI.create(base + "/keys")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(503, keys.statusCode(), keys.body());
            assertTrue(keys.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        } finally {
            root.detachAppender(appender);
        }
        assertTrue(appender.list.stream().anyMatch(e -> e.getLevel().toString().equals("WARN")
            && e.getFormattedMessage().contains("does not exist") && e.getFormattedMessage().contains(missing)),
            "the log says the database does not exist");
        assertTrue(appender.list.stream().noneMatch(e -> e.getLevel().toString().equals("ERROR")),
            () -> "ERROR logged: " + appender.list.stream().filter(e -> e.getLevel().toString().equals("ERROR"))
                .map(ILoggingEvent::getFormattedMessage).toList());
        assertTrue(appender.list.stream().allMatch(e -> e.getThrowableProxy() == null), "a stack trace was logged");
    }

    @Test
    void databaseModeWithoutAKeyEncryptionKeyStopsStartupNamingTheVariable() {
        Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(EmbeddedServer.class, Map.of(
            "micronaut.server.port", -1, "herald.auth.admin-key", "admin-key-0123456789abcdef",
            "datasources.default.url", "jdbc:postgresql://127.0.0.1:5432/postgres")).close());
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof io.herald.auth.security.MissingSettingException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().startsWith("HERALD_AUTH_KEY_ENCRYPTION_KEY is required"), cause.getMessage());
    }
}
