package io.herald.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.auth.support.AuthIntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Malformed and oversized requests get a precise problem+json; generated signing keys are encrypted at rest; CORS
 * admits the configured browser origin only.
 */
@MicronautTest(transactional = false)
class HardeningIT extends AuthIntegrationTest {

    static final String ORIGIN = "https://exports.example.com";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("herald.cors.origins", ORIGIN);
    }

    @Test
    void wronglyTypedLoginIs400Not401() {
        Map<String, Object> problem = assertProblem(postJson("/api/auth/login", "{\"email\":5,\"password\":[1]}"), 400);
        assertTrue(String.valueOf(problem.get("detail")).contains("must be strings"), problem.toString());
        assertProblem(postJson("/api/auth/login", "{\"email\":\"a@example.com\"}"), 400);
        assertProblem(postJson("/api/auth/login", "[1,2]"), 400);
    }

    @Test
    void malformedUuidInAPathNamesTheParameter() {
        HttpResponse<String> response = send(request("/api/admin/users/not-a-uuid/api-keys")
            .header("Authorization", "apikey " + ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()).build());
        Map<String, Object> problem = assertProblem(response, 400);
        String detail = String.valueOf(problem.get("detail"));
        assertTrue(detail.contains("parameter 'uuid'") && detail.contains("UUID"), detail);
        assertFalse(detail.contains("Malformed request body"), detail);
    }

    @Test
    void bodiesOverTheLimitAre413ProblemJson() {
        String big = "{\"email\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"x\"}";
        Map<String, Object> problem = assertProblem(postJson("/api/auth/login", big), 413);
        assertFalse(String.valueOf(problem.get("detail")).contains("aaaa"));
    }

    @Test
    void generatedSigningKeysAreEncryptedAtRest() throws Exception {
        socketToken(createUser("enc@example.com", "acme", null).apiKey());
        List<String> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement st = c.createStatement(); ResultSet rows = st.executeQuery("SELECT jwk FROM auth.signing_key")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        assertFalse(stored.isEmpty());
        for (String jwk : stored) {
            assertTrue(jwk.startsWith("v1:"), "not encrypted: " + jwk.substring(0, Math.min(20, jwk.length())));
            assertFalse(jwk.contains("\"d\""));
        }
        HttpResponse<String> keys = send(request("/keys").GET().build());
        assertEquals(200, keys.statusCode());
        assertTrue(keys.body().contains("\"kty\":\"EC\"") && !keys.body().contains("\"d\""), keys.body());
    }

    HttpResponse<String> preflight(String origin) {
        return send(request("/api/public/auth/socket").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin).header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "x-auth-token").build());
    }

    @Test
    void corsAdmitsTheConfiguredOriginForTheQuickStartPreflight() {
        HttpResponse<String> allowed = preflight(ORIGIN);
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertEquals(ORIGIN, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("true", allowed.headers().firstValue("Access-Control-Allow-Credentials").orElse(""));
        HttpResponse<String> other = preflight("https://elsewhere.example.com");
        assertEquals(403, other.statusCode());
        assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }
}
