package io.herald.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.auth.support.AuthIntegrationTest;
import io.herald.auth.support.Jwts;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.HttpCookie;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class LoginIT extends AuthIntegrationTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("herald.auth.cookie.secure", "true");
    }

    private String setCookie(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        assertEquals(1, cookies.size(), cookies.toString());
        return cookies.get(0);
    }

    @Test
    void loginSetsSessionCookieWithJwt() throws Exception {
        CreatedUser user = createUser("login@example.com", "acme", "correct horse battery");
        HttpResponse<String> response = postJson("/api/auth/login",
            "{\"email\":\"LOGIN@example.com\",\"password\":\"correct horse battery\"}");
        assertEquals(204, response.statusCode(), response.body());
        String header = setCookie(response);
        assertTrue(header.startsWith("herald_session="), header);
        String lower = header.toLowerCase();
        assertTrue(lower.contains("path=/"), header);
        assertTrue(lower.contains("httponly"), header);
        assertTrue(lower.contains("samesite=lax"), header);
        assertTrue(lower.contains("secure"), header);
        HttpCookie cookie = HttpCookie.parse(header).get(0);
        assertTrue(cookie.getMaxAge() > 800 && cookie.getMaxAge() <= 900, header);
        JWTClaimsSet claims = Jwts.verify(cookie.getValue(), send(request("/keys").GET().build()).body());
        assertEquals(user.uuid(), claims.getSubject());
        assertEquals("acme", claims.getStringClaim("tenant"));
        assertEquals(List.of(), claims.getStringListClaim("channels"));
    }

    @Test
    void wrongCredentialsAre401() {
        createUser("login401@example.com", "acme", "correct horse battery");
        createUser("nopassword@example.com", "acme", null);
        assertProblem(postJson("/api/auth/login", "{\"email\":\"login401@example.com\",\"password\":\"wrong one!\"}"),
            401);
        assertProblem(postJson("/api/auth/login", "{\"email\":\"nobody@example.com\",\"password\":\"whatever1\"}"),
            401);
        assertProblem(postJson("/api/auth/login", "{\"email\":\"nopassword@example.com\",\"password\":\"whatever1\"}"),
            401);
        assertProblem(postJson("/api/auth/login",
            "{\"email\":\"login401@example.com\",\"password\":\"" + "x".repeat(100) + "\"}"), 401);
    }

    @Test
    void malformedBodyIs400() {
        assertProblem(postJson("/api/auth/login", "{\"email\":\"a@example.com\"}"), 400);
        assertProblem(postJson("/api/auth/login", "{\"email\":\"a@example.com\",\"password\":"), 400);
        assertProblem(postJson("/api/auth/login", "[]"), 400);
        assertProblem(send(request("/api/auth/login").header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("hello")).build()), 415);
    }

    @Test
    void logoutClearsCookie() {
        HttpResponse<String> response = send(request("/api/auth/logout").POST(HttpRequest.BodyPublishers.noBody())
            .build());
        assertEquals(204, response.statusCode());
        String header = setCookie(response);
        HttpCookie cookie = HttpCookie.parse(header).get(0);
        assertEquals("herald_session", cookie.getName());
        assertEquals("", cookie.getValue());
        assertEquals(0, cookie.getMaxAge());
        assertEquals("/", cookie.getPath());
    }
}
