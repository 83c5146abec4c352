package io.herald.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.auth.support.AuthIntegrationTest;
import io.herald.auth.support.Jwts;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.HttpCookie;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The product's own user ids ({@code externalId} → {@code uid}), the API key id in tokens ({@code akid}), the user
 * list, and cookie sessions that slide with {@code POST /api/auth/refresh} up to an absolute lifetime.
 */
@MicronautTest(transactional = false)
class IdentityIT extends AuthIntegrationTest {

    static final String ADMIN = "apikey " + ADMIN_KEY;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("herald.auth.cookie.session-lifetime", "PT4S");
    }

    JWTClaimsSet claims(String token) {
        return Jwts.verify(token, send(request("/keys").GET().build()).body());
    }

    @Test
    void externalIdTravelsInTokensWithItsTypeAndCanBeChangedLater() throws Exception {
        HttpResponse<String> created = postJson("/api/admin/users",
            "{\"email\":\"ext@example.com\",\"tenant\":\"acme\",\"externalId\":42}", "Authorization", ADMIN);
        assertEquals(201, created.statusCode(), created.body());
        Map<String, Object> user = parse(created);
        JWTClaimsSet first = claims(socketToken((String) user.get("apiKey")));
        assertEquals(42L, first.getClaim("uid"));
        assertNotNull(first.getStringClaim("akid"));

        HttpResponse<String> set = send(request("/api/admin/users/" + user.get("uuid") + "/external-id")
            .header("Authorization", ADMIN).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"externalId\":\"cust-7\"}")).build());
        assertEquals(200, set.statusCode(), set.body());
        assertEquals("cust-7", claims(socketToken((String) user.get("apiKey"))).getClaim("uid"));

        HttpResponse<String> list = send(request("/api/admin/users").header("Authorization", ADMIN).GET().build());
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"externalId\":\"cust-7\"") && !list.body().contains("password"), list.body());

        assertProblem(postJson("/api/admin/users", "{\"email\":\"bad@example.com\",\"tenant\":\"acme\",\"externalId\":{\"a\":1}}",
            "Authorization", ADMIN), 400);
        assertProblem(send(request("/api/admin/users").GET().build()), 401);
    }

    @Test
    void tokensCarryTheIdOfTheApiKeyTheyWereMintedFrom() {
        CreatedUser user = createUser("akid@example.com", "acme", null);
        HttpResponse<String> second = send(request("/api/admin/users/" + user.uuid() + "/api-keys")
            .header("Authorization", ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
        Map<String, Object> key = parse(second);
        String akid = claims(socketToken((String) key.get("apiKey"))).getClaim("akid").toString();
        assertEquals(key.get("id"), akid);
        assertNotEquals(akid, claims(socketToken(user.apiKey())).getClaim("akid"));
    }

    static String sessionCookie(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        assertEquals(1, cookies.size(), cookies.toString());
        return HttpCookie.parse(cookies.get(0)).get(0).getValue();
    }

    HttpResponse<String> refresh(String cookie) {
        return send(request("/api/auth/refresh").header("Cookie", "herald_session=" + cookie)
            .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void sessionsSlideWithRefreshUntilTheirAbsoluteLifetime() throws Exception {
        createUser("slide@example.com", "acme", "correct-horse-battery");
        HttpResponse<String> login = postJson("/api/auth/login",
            "{\"email\":\"slide@example.com\",\"password\":\"correct-horse-battery\"}");
        assertEquals(204, login.statusCode(), login.body());
        String cookie = sessionCookie(login);
        long start = claims(cookie).getLongClaim("sst");

        HttpResponse<String> renewed = refresh(cookie);
        assertEquals(204, renewed.statusCode(), renewed.body());
        String next = sessionCookie(renewed);
        assertEquals(start, claims(next).getLongClaim("sst"), "the session start is kept");
        // never beyond the absolute lifetime (4 s here)
        assertTrue(claims(next).getExpirationTime().toInstant().getEpochSecond() <= start + 4);

        assertProblem(refresh("not-a-token"), 401);
        assertProblem(send(request("/api/auth/refresh").POST(HttpRequest.BodyPublishers.noBody()).build()), 401);

        await().atMost(Duration.ofSeconds(10)).until(() -> refresh(next).statusCode() == 401);
        HttpResponse<String> ended = refresh(next);
        assertProblem(ended, 401);
        assertTrue(ended.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("herald_session=;")
            || c.contains("Max-Age=0")), ended.headers().allValues("Set-Cookie").toString());
    }
}
