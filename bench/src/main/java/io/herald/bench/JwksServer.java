package io.herald.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An ES256 key of the bench's own and its JWKS on a JDK {@link HttpServer}, so realtime-service can verify the bench's
 * tokens without an auth-service. Hand-written with the JDK's {@code SHA256withECDSAinP1363Format} (the JWS signature
 * format) to keep the bench free of a JOSE library; the claims are those of docs/internal-contracts.md.
 */
public final class JwksServer implements AutoCloseable {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final KeyPair keys;
    private final String kid = UUID.randomUUID().toString();
    private final HttpServer server;

    public JwksServer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        ECPublicKey pub = (ECPublicKey) keys.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\"" + kid
            + "\",\"x\":\"" + coordinate(pub.getW().getAffineX()) + "\",\"y\":\"" + coordinate(pub.getW().getAffineY()) + "\"}]}";
        byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/keys", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return B64.encodeToString(fixed);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/keys";
    }

    /** A token for {@code user} in {@code tenant} with channel grants, valid for {@code ttlSeconds}. */
    public String token(String user, String tenant, List<String> grants, long ttlSeconds) {
        try {
            long now = Instant.now().getEpochSecond();
            String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
            String channels = grants.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(",", "[", "]"));
            String claims = "{\"iss\":\"herald\",\"sub\":\"" + user + "\",\"tenant\":\"" + tenant + "\",\"channels\":" + channels
                + ",\"iat\":" + now + ",\"exp\":" + (now + ttlSeconds) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
            String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(keys.getPrivate());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signer.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
