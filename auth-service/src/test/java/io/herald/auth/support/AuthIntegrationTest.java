package io.herald.auth.support;

import io.herald.testsupport.TestPostgres;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.auth.db.DatabaseBootstrap;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the integration tests: a fresh database per class, the server on a random port, the admin and server keys
 * set, and a plain JDK HTTP client (so headers and cookies are exactly what a real client sends).
 * Subclasses are {@code @MicronautTest(transactional = false)} and may add properties with {@link #extraProperties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AuthIntegrationTest implements TestPropertyProvider {

    public static final String ADMIN_KEY = "admin-key-0123456789abcdef";
    public static final String SERVER_KEY = "server-key-0123456789abcdef";
    public static final String SERVER_KEY_2 = "server-key-2-0123456789abcdef";
    /** Base64 of 32 bytes: the key generated signing keys are encrypted under. */
    public static final String KEY_ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    protected final TestPostgres.Database database = TestPostgres.newDatabase("auth");
    protected final HttpClient http = HttpClient.newHttpClient();

    @Inject
    protected EmbeddedServer server;
    @Inject
    protected JsonMapper json;
    @Inject
    protected DatabaseBootstrap bootstrap;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("micronaut.server.port", "-1");
        properties.put("datasources.default.url", database.jdbcUrl());
        properties.put("datasources.default.username", database.user());
        properties.put("datasources.default.password", database.password());
        properties.put("herald.auth.admin-key", ADMIN_KEY);
        properties.put("herald.auth.server-api-keys", SERVER_KEY + " , " + SERVER_KEY_2);
        properties.put("herald.auth.signing.key-encryption-key", KEY_ENCRYPTION_KEY);
        // revocations go to an in-process bus unless a test brings its own NATS stream
        properties.put("herald.bus.kind", "memory");
        properties.put("endpoints.health.nats.enabled", "false");
        properties.putAll(extraProperties());
        return properties;
    }

    /** @return properties added by a subclass */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    @BeforeEach
    void awaitDatabase() throws InterruptedException {
        assertTrue(bootstrap.awaitReady(30, TimeUnit.SECONDS), "database did not become ready");
    }

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    /** @return a request builder for a path of the server under test */
    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path));
    }

    /** Sends a request and returns the response with a string body. */
    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs JSON with optional header pairs. */
    protected HttpResponse<String> postJson(String path, String body, String... headers) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    /** Parses a JSON body into a map. */
    @SuppressWarnings("unchecked")
    protected Map<String, Object> parse(HttpResponse<String> response) {
        try {
            return json.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }

    /** Asserts a problem+json response with the given status and returns its body. */
    protected Map<String, Object> assertProblem(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), () -> "body: " + response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("")
            .split(";")[0], "content type");
        Map<String, Object> problem = parse(response);
        assertEquals(status, ((Number) problem.get("status")).intValue());
        assertTrue(problem.containsKey("title"));
        assertTrue(!response.body().contains("\tat ") && !response.body().contains("Exception"),
            () -> "stack trace or exception name in body: " + response.body());
        return problem;
    }

    /** A created user. */
    public record CreatedUser(String uuid, String apiKey) {
    }

    /** Creates a user through the admin API. */
    protected CreatedUser createUser(String email, String tenant, String password) {
        String body = password == null
            ? "{\"email\":\"" + email + "\",\"tenant\":\"" + tenant + "\"}"
            : "{\"email\":\"" + email + "\",\"tenant\":\"" + tenant + "\",\"password\":\"" + password + "\"}";
        HttpResponse<String> response = postJson("/api/admin/users", body, "Authorization", "apikey " + ADMIN_KEY);
        assertEquals(201, response.statusCode(), response.body());
        Map<String, Object> created = parse(response);
        return new CreatedUser((String) created.get("uuid"), (String) created.get("apiKey"));
    }

    /** Gets a socket token with an API key; asserts 200. */
    protected String socketToken(String apiKey) {
        HttpResponse<String> response = send(request("/api/public/auth/socket").header("X-AUTH-TOKEN", apiKey)
            .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, response.statusCode(), response.body());
        return (String) parse(response).get("token");
    }
}
