package io.herald.support.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
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
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** An issuer for tests: an ES256 key, its JWKS on a local HTTP server (the JDK's), and token minting. */
final class TestIssuer implements AutoCloseable {

    final String iss;
    private final HttpServer server;
    private volatile List<JWK> published = new ArrayList<>();
    volatile ECKey signing;
    final AtomicInteger fetches = new AtomicInteger();
    final List<String> fetchThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    TestIssuer(String iss) throws Exception {
        this.iss = iss;
        signing = newKey();
        published.add(signing.toPublicJWK());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/keys", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(published).toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    static ECKey newKey() throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    }

    String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/keys";
    }

    /** Rotates: a new signing key, both published. */
    void rotate() throws Exception {
        ECKey next = newKey();
        List<JWK> keys = new ArrayList<>(published);
        keys.add(0, next.toPublicJWK());
        published = keys;
        signing = next;
    }

    /** Stops publishing every key but a new signing key (a compromised key withdrawn). */
    void withdrawAll() throws Exception {
        ECKey next = newKey();
        published = List.of(next.toPublicJWK());
        signing = next;
    }

    void publishAlso(JWK key) {
        List<JWK> keys = new ArrayList<>(published);
        keys.add(key);
        published = keys;
    }

    /** Valid claims of Herald's shape for a fresh user; tests change one thing at a time. */
    JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(iss).subject(UUID.randomUUID().toString()).claim("tenant", "acme")
            .claim("channels", List.of("job:1")).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
            .jwtID(UUID.randomUUID().toString());
    }

    String sign(JWTClaimsSet claims) throws Exception {
        return sign(signing, claims);
    }

    static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
