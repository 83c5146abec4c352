package io.herald.webhook.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double of the auth-service's public HTTP API (an external service for this module): serves a JWKS of a
 * key generated here at {@code /keys} and answers the API-key exchange {@code POST /api/public/auth/socket}
 * ({@code X-AUTH-TOKEN}) for the keys registered with {@link #apiKey}.
 */
public final class AuthStub implements AutoCloseable {

    private final ECKey key;
    private final HttpServer server;
    private final Map<String, String[]> apiKeys = new ConcurrentHashMap<>();
    /** Number of exchange calls, to check caching. */
    public final AtomicInteger exchanges = new AtomicInteger();

    public AuthStub() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).keyID("test-" + UUID.randomUUID()).generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/keys", ex -> {
            byte[] b = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/api/public/auth/socket", ex -> {
            exchanges.incrementAndGet();
            String k = ex.getRequestHeaders().getFirst("X-AUTH-TOKEN");
            String[] who = k == null ? null : apiKeys.get(k);
            if (who == null) {
                byte[] b = "{\"status\":401,\"title\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/problem+json");
                ex.sendResponseHeaders(401, b.length);
                ex.getResponseBody().write(b);
            } else {
                byte[] b = ("{\"token\":\"" + token(who[0], who[1]) + "\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.start();
    }

    /** @return base URL */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers an API key for a user. */
    public void apiKey(String key, String user, String tenant) {
        apiKeys.put(key, new String[] {user, tenant});
    }

    /** @return an ES256 JWT for the user, valid 15 min */
    public String token(String user, String tenant) {
        return token(user, tenant, new Date(System.currentTimeMillis() + 900_000));
    }

    /** @return an ES256 JWT with the given expiry */
    public String token(String user, String tenant, Date exp) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("herald").subject(user).claim("tenant", tenant)
                    .issueTime(new Date(System.currentTimeMillis() - 1000)).expirationTime(exp)
                    .jwtID(UUID.randomUUID().toString()).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the given claims signed ES256 with the published key (for forged-claim tests) */
    public String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    /** @return a token signed by a key that is not in the JWKS */
    public static String foreignToken(String user, String tenant) throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("other").generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(user).claim("tenant", tenant)
                .expirationTime(new Date(System.currentTimeMillis() + 900_000)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("other").build(), claims);
        jwt.sign(new ECDSASigner(other));
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
