package io.herald.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.herald.auth.support.AuthIntegrationTest;
import io.herald.auth.support.Jwts;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class SocketTokenIT extends AuthIntegrationTest {

    private HttpResponse<String> socket(String... headers) {
        HttpRequest.Builder builder = request("/api/public/auth/socket").POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    private String jwks() {
        HttpResponse<String> keys = send(request("/keys").GET().build());
        assertEquals(200, keys.statusCode());
        return keys.body();
    }

    @Test
    void exchangesApiKeyForTokenWithContractClaims() throws Exception {
        CreatedUser user = createUser("socket@example.com", "acme", null);
        HttpResponse<String> response = socket("X-AUTH-TOKEN", user.apiKey());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        Map<String, Object> body = parse(response);
        assertEquals(List.of("token"), List.copyOf(body.keySet()), "exactly {\"token\": ...}");

        String token = (String) body.get("token");
        SignedJWT jwt = SignedJWT.parse(token);
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        assertTrue(jwt.getHeader().getKeyID() != null && !jwt.getHeader().getKeyID().isBlank());
        JWTClaimsSet claims = Jwts.verify(token, jwks());
        assertEquals("herald", claims.getIssuer());
        assertEquals(user.uuid(), claims.getSubject());
        assertEquals("acme", claims.getStringClaim("tenant"));
        assertEquals(List.of(), claims.getStringListClaim("channels"));
        assertEquals(15 * 60, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
        assertTrue(Math.abs(claims.getIssueTime().getTime() - System.currentTimeMillis()) < 60_000);
        assertTrue(claims.getJWTID() != null && !claims.getJWTID().isBlank());
        assertNotEquals(claims.getJWTID(), Jwts.verify(socketToken(user.apiKey()), jwks()).getJWTID());
    }

    @Test
    void jwksPublishesOnlyPublicParts() {
        String jwks = jwks();
        Map<String, Object> set = parse(send(request("/keys").GET().build()));
        List<?> keys = (List<?>) set.get("keys");
        assertFalse(keys.isEmpty());
        for (Object key : keys) {
            Map<?, ?> jwk = (Map<?, ?>) key;
            assertEquals("EC", jwk.get("kty"));
            assertEquals("P-256", jwk.get("crv"));
            assertFalse(jwk.containsKey("d"), "private part published: " + jwks);
            assertTrue(jwk.containsKey("kid"));
        }
    }

    @Test
    void missingUnknownOrMalformedKeyIs401() {
        assertProblem(socket(), 401);
        assertProblem(socket("X-AUTH-TOKEN", ""), 401);
        assertProblem(socket("X-AUTH-TOKEN", "garbage"), 401);
        CreatedUser user = createUser("socket401@example.com", "acme", null);
        String forged = user.apiKey().substring(0, user.apiKey().length() - 4) + "AAAA";
        assertProblem(socket("X-AUTH-TOKEN", forged), 401);
        assertProblem(socket("X-AUTH-TOKEN", "hk_" + "abcdefghijkl" + "A".repeat(43)), 401);
        assertProblem(socket("X-AUTH-TOKEN", ADMIN_KEY), 401);
        assertProblem(socket("X-AUTH-TOKEN", SERVER_KEY), 401);
        assertProblem(socket("Authorization", "apikey " + ADMIN_KEY), 401);
    }
}
