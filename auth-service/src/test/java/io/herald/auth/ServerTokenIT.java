package io.herald.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jwt.JWTClaimsSet;
import io.herald.auth.support.AuthIntegrationTest;
import io.herald.auth.support.Jwts;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class ServerTokenIT extends AuthIntegrationTest {

    private CreatedUser user;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("herald.auth.token.max-grants", "3", "herald.auth.token.max-ttl", "PT1H");
    }

    @BeforeAll
    void user() throws InterruptedException {
        bootstrap.awaitReady(30, java.util.concurrent.TimeUnit.SECONDS);
        user = createUser("server@example.com", "acme", null);
    }

    private String mintBody(String channels, String ttl) {
        return "{\"user\":\"" + user.uuid() + "\",\"channels\":" + channels + (ttl == null ? "" : ",\"ttl\":\"" + ttl + "\"")
            + "}";
    }

    private String jwks() {
        return send(request("/keys").GET().build()).body();
    }

    @Test
    void mintsTokenWithGrantsUsingEitherHeaderAndEitherServerKey() throws Exception {
        for (String[] auth : List.of(new String[] {"Authorization", "apikey " + SERVER_KEY},
            new String[] {"X-API-Key", SERVER_KEY}, new String[] {"Authorization", "APIKEY " + SERVER_KEY_2},
            new String[] {"X-API-Key", SERVER_KEY_2})) {
            HttpResponse<String> response = postJson("/api/tokens", mintBody("[\"job:123\",\"job:*\"]", "PT30M"), auth);
            assertEquals(200, response.statusCode(), response.body());
            Map<String, Object> body = parse(response);
            assertEquals(List.of("token"), List.copyOf(body.keySet()));
            JWTClaimsSet claims = Jwts.verify((String) body.get("token"), jwks());
            assertEquals(user.uuid(), claims.getSubject());
            assertEquals("acme", claims.getStringClaim("tenant"));
            assertEquals("herald", claims.getIssuer());
            assertEquals(List.of("job:123", "job:*"), claims.getStringListClaim("channels"));
            assertEquals(1800, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
        }
    }

    @Test
    void defaultsToNoGrantsAndDefaultTtl() throws Exception {
        HttpResponse<String> response = postJson("/api/tokens", "{\"user\":\"" + user.uuid() + "\"}",
            "X-API-Key", SERVER_KEY);
        assertEquals(200, response.statusCode(), response.body());
        JWTClaimsSet claims = Jwts.verify((String) parse(response).get("token"), jwks());
        assertEquals(List.of(), claims.getStringListClaim("channels"));
        assertEquals(900, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
    }

    @Test
    void refusesGrantsReachingOtherUsersOrTenants() {
        for (String grants : new String[] {"[\"e*\"]", "[\"order_changes@other\"]", "[\"order_*\"]",
                "[\"exports:22222222-2222-4222-8222-222222222222\"]"}) {
            Map<String, Object> problem = assertProblem(postJson("/api/tokens", mintBody(grants, "PT5M"),
                "X-API-Key", SERVER_KEY), 400);
            assertTrue(String.valueOf(problem.get("detail")).startsWith("channels[0]"), problem.toString());
        }
    }

    @Test
    void refusesOtherKeys() {
        String body = mintBody("[]", null);
        assertProblem(postJson("/api/tokens", body), 401);
        assertProblem(postJson("/api/tokens", body, "X-API-Key", "wrong-server-key-0123456789"), 401);
        assertProblem(postJson("/api/tokens", body, "X-API-Key", user.apiKey()), 401);
        assertProblem(postJson("/api/tokens", body, "Authorization", "apikey " + user.apiKey()), 401);
        assertProblem(postJson("/api/tokens", body, "X-AUTH-TOKEN", user.apiKey()), 401);
        assertProblem(postJson("/api/tokens", body, "Authorization", "apikey " + ADMIN_KEY), 403);
    }

    @Test
    void invalidGrantsTtlOrBodyAre400() {
        for (String grants : List.of("[\"bad channel\"]", "[\"*\"]", "[\"job:**\"]", "[\"a..b\"]", "[\"job>\"]",
            "[\"x\",\"y\",\"z\",\"w\"]", "[\"" + "a".repeat(256) + "\"]", "[null]")) {
            assertProblem(postJson("/api/tokens", mintBody(grants, null), "X-API-Key", SERVER_KEY), 400);
        }
        for (String ttl : List.of("fifteen", "PT0S", "-PT5M", "PT2H")) {
            assertProblem(postJson("/api/tokens", mintBody("[]", ttl), "X-API-Key", SERVER_KEY), 400);
        }
        assertProblem(postJson("/api/tokens", "{\"channels\":[]}", "X-API-Key", SERVER_KEY), 400);
        assertProblem(postJson("/api/tokens", "{\"user\":\"nope\"}", "X-API-Key", SERVER_KEY), 400);
        assertProblem(postJson("/api/tokens", "{not json", "X-API-Key", SERVER_KEY), 400);
        assertProblem(postJson("/api/tokens", "{\"user\":\"" + UUID.randomUUID() + "\"}", "X-API-Key", SERVER_KEY),
            404);
    }

    @Test
    void tokenStopsVerifyingAfterItsTtl() {
        HttpResponse<String> response = postJson("/api/tokens", mintBody("[]", "PT1S"), "X-API-Key", SERVER_KEY);
        assertEquals(200, response.statusCode(), response.body());
        String token = (String) parse(response).get("token");
        String jwks = jwks();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
            assertEquals("expired", assertThrows(IllegalArgumentException.class,
                () -> Jwts.verify(token, jwks)).getMessage()));
    }
}
