package io.herald.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.herald.auth.db.DatabaseBootstrap;
import io.herald.auth.support.AuthIntegrationTest;
import io.herald.auth.support.Jwts;
import io.herald.auth.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Key rotation and key persistence across restarts, with real servers started one after another on one database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyRotationIT {

    private final TestDatabase database = TestDatabase.create();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void drop() {
        database.drop();
    }

    private EmbeddedServer start(String signingKeys) throws InterruptedException {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("datasources.default.url", database.url());
        properties.put("datasources.default.username", database.user());
        properties.put("datasources.default.password", database.password());
        properties.put("herald.auth.admin-key", AuthIntegrationTest.ADMIN_KEY);
        properties.put("herald.auth.signing.key-encryption-key", AuthIntegrationTest.KEY_ENCRYPTION_KEY);
        properties.put("herald.auth.rate-limit.enabled", false);
        if (signingKeys != null) {
            properties.put("herald.auth.signing.keys", signingKeys);
        }
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
        assertTrue(server.getApplicationContext().getBean(DatabaseBootstrap.class).awaitReady(30, TimeUnit.SECONDS));
        return server;
    }

    private HttpResponse<String> send(EmbeddedServer server, HttpRequest.Builder builder, String path)
        throws IOException, InterruptedException {
        return http.send(builder.uri(URI.create("http://127.0.0.1:" + server.getPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private String apiKey(EmbeddedServer server, String email) throws Exception {
        HttpResponse<String> response = send(server, HttpRequest.newBuilder()
            .header("Authorization", "apikey " + AuthIntegrationTest.ADMIN_KEY).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"tenant\":\"acme\"}")),
            "/api/admin/users");
        assertEquals(201, response.statusCode(), response.body());
        return (String) server.getApplicationContext().getBean(JsonMapper.class).readValue(response.body(), Map.class)
            .get("apiKey");
    }

    @SuppressWarnings("unchecked")
    private String token(EmbeddedServer server, String apiKey) throws Exception {
        HttpResponse<String> response = send(server, HttpRequest.newBuilder().header("X-AUTH-TOKEN", apiKey)
            .POST(HttpRequest.BodyPublishers.noBody()), "/api/public/auth/socket");
        assertEquals(200, response.statusCode(), response.body());
        return (String) server.getApplicationContext().getBean(JsonMapper.class).readValue(response.body(), Map.class)
            .get("token");
    }

    private String jwks(EmbeddedServer server) throws Exception {
        return send(server, HttpRequest.newBuilder().GET(), "/keys").body();
    }

    private static ECKey newKey(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate();
    }

    @Test
    void configuredRotationKeepsOldTokensValidUntilTheOldKeyIsRetired() throws Exception {
        ECKey oldKey = newKey("old-key");
        ECKey newKey = newKey("new-key");
        String apiKey;
        String oldToken;
        try (EmbeddedServer before = start(new JWKSet(oldKey).toString(false))) {
            apiKey = apiKey(before, "rotation@example.com");
            oldToken = token(before, apiKey);
            assertEquals("old-key", SignedJWT.parse(oldToken).getHeader().getKeyID());
        }
        // Rotating: the new key signs, the old public key is still published.
        try (EmbeddedServer rotating = start(new JWKSet(List.of(newKey, oldKey.toPublicJWK())).toString(false))) {
            String jwks = jwks(rotating);
            assertEquals(2, JWKSet.parse(jwks).getKeys().size());
            Jwts.verify(oldToken, jwks);
            String newToken = token(rotating, apiKey);
            assertEquals("new-key", SignedJWT.parse(newToken).getHeader().getKeyID());
            Jwts.verify(newToken, jwks);
        }
        // Retired: only the new key remains; the old token no longer verifies.
        try (EmbeddedServer after = start(new JWKSet(newKey).toString(false))) {
            String jwks = jwks(after);
            assertEquals(1, JWKSet.parse(jwks).getKeys().size());
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> Jwts.verify(oldToken, jwks));
            assertTrue(failure.getMessage().contains("unknown kid"), failure.getMessage());
            Jwts.verify(token(after, apiKey), jwks);
        }
    }

    @Test
    void generatedKeysAreStoredAndSurviveARestart() throws Exception {
        String apiKey;
        String token;
        try (EmbeddedServer first = start(null)) {
            apiKey = apiKey(first, "restart@example.com");
            token = token(first, apiKey);
            Jwts.verify(token, jwks(first));
        }
        try (EmbeddedServer second = start(null)) {
            Jwts.verify(token, jwks(second));
            assertEquals(SignedJWT.parse(token).getHeader().getKeyID(),
                SignedJWT.parse(token(second, apiKey)).getHeader().getKeyID());
        }
    }
}
