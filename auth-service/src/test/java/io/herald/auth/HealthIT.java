package io.herald.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.auth.support.AuthIntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class HealthIT extends AuthIntegrationTest {

    @Test
    @SuppressWarnings("unchecked")
    void healthIsUpWithTheDatabase() {
        HttpResponse<String> response = send(request("/health").GET().build());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> health = parse(response);
        assertEquals("UP", health.get("status"));
        HttpResponse<String> readiness = send(request("/health/readiness").GET().build());
        assertEquals(200, readiness.statusCode(), readiness.body());
        assertTrue(readiness.body().contains("authDatabase"), readiness.body());
    }

    @Test
    void prometheusMetricsAreServed() {
        socketToken(createUser("metrics@example.com", "acme", null).apiKey());
        HttpResponse<String> response = send(request("/prometheus").GET().build());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("http_server_requests_seconds"), "no HTTP server metrics");
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        HttpResponse<String> spec = send(request("/swagger/herald-auth-service-0.1.0.yml").GET().build());
        assertEquals(200, spec.statusCode());
        for (String expected : new String[] {"/api/public/auth/socket", "X-AUTH-TOKEN", "/api/tokens",
            "/api/auth/login", "/api/auth/logout", "/api/admin/users/{uuid}/api-keys/{id}", "application/problem+json",
            "Retry-After", "adminKey", "serverXApiKey"}) {
            assertTrue(spec.body().contains(expected), "OpenAPI lacks " + expected);
        }
        HttpResponse<String> ui = send(request("/swagger-ui/index.html").GET().build());
        assertEquals(200, ui.statusCode());
        assertTrue(ui.body().contains("swagger"), "not the Swagger UI page");
    }

    @Test
    void unknownPathIsProblemJson() {
        assertProblem(send(request("/nope").GET().build()), 404);
        assertProblem(send(request("/api/public/auth/socket").GET().build()), 405);
    }
}
