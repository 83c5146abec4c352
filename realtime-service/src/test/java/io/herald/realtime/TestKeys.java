package io.herald.realtime;

import com.nimbusds.jose.JOSEObjectType;
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
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Test keys and a local JWKS server (the JDK's HTTP server), plus ES256 token minting like auth-service's. */
public final class TestKeys implements AutoCloseable {

    private final HttpServer server;
    private volatile JWKSet published;
    private volatile ECKey signing;
    final AtomicInteger fetches = new AtomicInteger();

    public TestKeys() throws Exception {
        signing = newKey();
        published = new JWKSet(signing.toPublicJWK());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/keys", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static ECKey newKeyForTests() throws Exception {
        return newKey();
    }

    public int fetchesCount() {
        return fetches.get();
    }

    /** Publishes an extra public key (e.g. RSA) next to the current ones. */
    public void publishAlso(com.nimbusds.jose.jwk.JWK key) {
        java.util.List<com.nimbusds.jose.jwk.JWK> all = new java.util.ArrayList<>(published.getKeys());
        all.add(key);
        published = new JWKSet(all);
    }

    static ECKey newKey() throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/keys";
    }

    /** Rotates: a new signing key, both published (as auth-service does while rotating). */
    public void rotate() throws Exception {
        ECKey next = newKey();
        published = new JWKSet(List.of(next.toPublicJWK(), signing.toPublicJWK()));
        signing = next;
    }

    public String token(String user, String tenant, List<String> grants, Duration ttl) {
        return sign(signing, user, tenant, grants, ttl);
    }

    /** A token with extra claims (e.g. {@code uid}). */
    public String token(String user, String tenant, List<String> grants, Duration ttl, java.util.Map<String, Object> extra) {
        return sign(signing, user, tenant, grants, ttl, extra);
    }

    public static String sign(ECKey key, String user, String tenant, List<String> grants, Duration ttl) {
        return sign(key, user, tenant, grants, ttl, java.util.Map.of());
    }

    public static String sign(ECKey key, String user, String tenant, List<String> grants, Duration ttl,
                              java.util.Map<String, Object> extra) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer("herald").subject(user).claim("tenant", tenant).claim("channels", grants)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl))).jwtID(UUID.randomUUID().toString());
            extra.forEach(builder::claim);
            JWTClaimsSet claims = builder.build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
