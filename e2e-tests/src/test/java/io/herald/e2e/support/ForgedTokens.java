package io.herald.e2e.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Tokens Herald must refuse, made the way an attacker (or a misconfigured client) would: signed with a key
 * of our own that Herald never published, re-using a real token's {@code kid}; a real token with its
 * payload edited; an unsigned ({@code alg: none}) token.
 */
public final class ForgedTokens {

    private final ECKey attackerKey;

    public ForgedTokens() {
        try {
            attackerKey = new ECKeyGenerator(Curve.P_256).keyID("attacker").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A well-formed ES256 token with Herald's claims for {@code user}, signed by a key Herald doesn't trust;
     * the header claims {@code kid} (pass a real one from {@code /keys} to try to pass as Herald's).
     */
    public String signedByUnknownKey(User user, String kid, Duration validFor) {
        return sign(claims(user, Instant.now(), validFor), kid);
    }

    private String sign(JWTClaimsSet claims, String kid) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(attackerKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(User user, Instant issuedAt, Duration validFor) {
        return new JWTClaimsSet.Builder()
                .issuer("herald")
                .subject(user.uuid())
                .claim("tenant", user.tenant())
                .claim("channels", List.of())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(validFor)))
                .jwtID(UUID.randomUUID().toString())
                .build();
    }

    /** {@code genuine} with its payload replaced (other {@code sub}, wildcard grants) and its signature kept. */
    public static String tampered(String genuine, User victim) {
        String[] parts = genuine.split("\\.");
        JsonPayload payload = new JsonPayload(parts[1]);
        String edited = payload.with("sub", victim.uuid()).with("channels", List.of("job:*")).encode();
        return parts[0] + "." + edited + "." + parts[2];
    }

    /** An unsigned token ({@code alg: none}) with valid-looking claims for {@code user}. */
    public static String unsigned(User user) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(claims(user, Instant.now(), Duration.ofMinutes(5)).toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + body + ".";
    }

    /** The {@code kid} in a token's header. */
    public static String kidOf(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return Json.read(header).path("kid").asText();
    }

    /** The JOSE header of a token. */
    public static com.fasterxml.jackson.databind.JsonNode headerOf(String token) {
        return Json.read(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
    }

    /** The claims of a token (not verified). */
    public static com.fasterxml.jackson.databind.JsonNode claimsOf(String token) {
        return Json.read(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private record JsonPayload(com.fasterxml.jackson.databind.node.ObjectNode node) {
        JsonPayload(String encoded) {
            this((com.fasterxml.jackson.databind.node.ObjectNode) Json.read(
                    new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)));
        }

        JsonPayload with(String field, Object value) {
            node.set(field, Json.MAPPER.valueToTree(value));
            return this;
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(node).getBytes(StandardCharsets.UTF_8));
        }
    }
}
