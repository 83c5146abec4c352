package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
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
import io.herald.e2e.support.Events;
import io.herald.e2e.support.ForgedTokens;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.HttpJson;
import io.herald.e2e.support.Json;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.WebhookReceiver;
import io.herald.e2e.support.WsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's own identities. A product keeps its own user ids: a Herald user created with
 * {@code "externalId": 42} is greeted on {@code /ws} with {@code "userId": 42} — a JSON number, as the product's
 * clients compare it with their own integer ids — and a string id stays a string. A product that mints its own
 * JWTs (ES256 with its own key pair, its public keys in its own JWKS) is configured as a trusted issuer of
 * realtime-service and webhook-audit ({@code HERALD_TOKEN_TRUSTED_<NAME>_…}: issuer, JWKS URL and which of its claims
 * carry the user, the tenant and the grants); its tokens open {@code /ws} as the mapped user (an integer user id is
 * echoed as a number), who gets its personal events, open a granted job room, and manage the user's webhooks, whose endpoint then receives that user's events.
 * A token of that issuer whose signature doesn't verify is refused with 4001 (and 401 by webhook-audit).
 */
class ExternalIdentityIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ISSUER = "https://calc.example";
    private static final int INVALID_TOKEN = 4001;

    private static HttpServer productJwks;
    private static ECKey productKey;
    private static final AtomicInteger jwksRequests = new AtomicInteger();
    private static Platform platform;
    private static HeraldApi api;

    @BeforeAll
    static void start() throws JOSEException, IOException {
        // The product's issuer: its own P-256 key pair, the public half served as a JWKS by the product.
        productKey = new ECKeyGenerator(Curve.P_256).keyID("calc-2026").generate();
        byte[] jwks = new JWKSet(productKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        productJwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        productJwks.createContext("/.well-known/jwks.json", exchange -> {
            jwksRequests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        productJwks.start();
        Map<String, String> env = new HashMap<>();
        env.put("HERALD_TOKEN_TRUSTED_CALC_ISSUER", ISSUER);
        env.put("HERALD_TOKEN_TRUSTED_CALC_JWKS_URL",
                "http://127.0.0.1:" + productJwks.getAddress().getPort() + "/.well-known/jwks.json");
        env.put("HERALD_TOKEN_TRUSTED_CALC_USER_CLAIM", "user_id");
        env.put("HERALD_TOKEN_TRUSTED_CALC_TENANT_CLAIM", "org");
        env.put("HERALD_TOKEN_TRUSTED_CALC_GRANTS_CLAIM", "rooms");
        platform = Platform.start(1, true, env);
        api = new HeraldApi(platform);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (productJwks != null) {
            productJwks.stop(0);
        }
    }

    @Test
    void anIntegerExternalIdIsEchoedAsANumberAndAStringOneAsAString() {
        String tenant = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        assertConnectedAs(createUser(tenant, 42), Json.MAPPER.getNodeFactory().numberNode(42));
        assertConnectedAs(createUser(tenant, "42"), Json.MAPPER.getNodeFactory().textNode("42"));
        assertConnectedAs(createUser(tenant, "cust-7"), Json.MAPPER.getNodeFactory().textNode("cust-7"));

        // Set later: the next token carries it.
        Created later = createUser(tenant, null);
        HttpJson.Response set = HttpJson.put(platform.auth().httpUrl() + "/api/admin/users/" + later.uuid + "/external-id",
                Map.of("externalId", 9001), admin());
        assertEquals(200, set.status(), set::raw);
        assertConnectedAs(later, Json.MAPPER.getNodeFactory().numberNode(9001));
    }

    @Test
    void aTokenOfTheProductsOwnIssuerConnectsAsTheMappedUserAndGetsItsEvents() {
        String userId = "calc-user-" + UUID.randomUUID().toString().substring(0, 8);
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        String job = "calc-" + UUID.randomUUID().toString().substring(0, 8);
        String token = productToken(userId, org, List.of("job:calc-*"), productKey);
        String notifications = "notifications:" + userId;
        String exports = "exports:" + userId;
        try (NatsPublisher nats = new NatsPublisher(platform);
             WebhookReceiver receiver = WebhookReceiver.answering();
             WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", token));
             WsClient room = WsClient.connect(platform.heraldWs(0, "/ws/jobs/" + job, token))) {
            JsonNode connected = ws.awaitConnected(WAIT);
            assertEquals(userId, connected.path("userId").asText(), connected::toString);
            List<String> channels = new ArrayList<>();
            connected.path("channels").forEach(c -> channels.add(c.asText()));
            assertTrue(channels.contains(notifications) && channels.contains(exports),
                    () -> "the mapped user's personal channels: " + connected);
            JsonNode inRoom = room.awaitConnected(WAIT);
            assertTrue(inRoom.path("channels").toString().contains("job:" + job), inRoom::toString);

            // webhook-audit trusts the issuer too: the product's user registers an endpoint with the same token.
            Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
            HttpJson.Response created = HttpJson.post(platform.webhook().httpUrl() + "/api/webhooks",
                    Map.of("url", receiver.url("/hooks"), "events", List.of("job.finished")), bearer);
            assertEquals(201, created.status(), () -> created.raw() + "\n" + platform.logTails());

            ObjectNode toast = Events.toast("notification", "n-" + job, "Calculation done", "normal");
            long toastOffset = nats.publish(notifications, toast);
            String guid = UUID.randomUUID().toString();
            ObjectNode finished = Events.jobFinished(guid, 10);
            long finishedOffset = nats.publish(exports, finished);
            long jobOffset = nats.publish("job:" + job, Events.jobTyped("job.started", job, null));

            assertEquals(toast, Json.withoutDeliveryFields(ws.await(f -> WsClient.isEvent(f)
                    && f.path("offset").asLong() == toastOffset, WAIT)));
            assertEquals(finished, Json.withoutDeliveryFields(ws.await(f -> WsClient.isEvent(f)
                    && f.path("offset").asLong() == finishedOffset, WAIT)));
            room.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == jobOffset, WAIT);
            Awaitility.await("the webhook of the mapped user").atMost(WAIT)
                    .until(() -> receiver.requests().stream().anyMatch(r -> r.body().contains(guid)));
            assertEquals(finished, Json.read(receiver.requests().stream().filter(r -> r.body().contains(guid))
                    .findFirst().orElseThrow().body()));
        }
    }

    @Test
    void anIntegerUserIdOfTheProductsIssuerIsEchoedAsANumber() {
        long userId = 100_000 + new java.security.SecureRandom().nextInt(900_000);
        String token = productToken(userId, "org-" + UUID.randomUUID().toString().substring(0, 8), List.of(), productKey);
        String notifications = "notifications:" + userId;
        try (NatsPublisher nats = new NatsPublisher(platform);
             WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", token))) {
            JsonNode connected = ws.awaitConnected(WAIT);
            assertTrue(connected.path("userId").isIntegralNumber(), () -> "the product's integer id as a number: " + connected);
            assertEquals(userId, connected.path("userId").asLong(), connected::toString);
            assertTrue(connected.path("channels").toString().contains("\"" + notifications + "\""), connected::toString);
            long offset = nats.publish(notifications, Events.toast("notification", "n-" + userId, "Report ready", "low"));
            ws.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == offset, WAIT);
        }
    }

    @Test
    void aTokenOfTheProductsIssuerWithABadSignatureIsRefused() throws JOSEException {
        String userId = "calc-user-" + UUID.randomUUID().toString().substring(0, 8);
        // Signed by another key that claims the product's kid: the signature doesn't verify with the product's JWKS.
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(productKey.getKeyID()).generate();
        String forged = productToken(userId, "org-x", List.of("job:*"), impostor);
        // A genuine token whose signature was swapped for that of another token.
        String genuine = productToken(userId, "org-x", List.of(), productKey);
        String other = productToken("calc-other", "org-x", List.of(), productKey);
        String swapped = genuine.substring(0, genuine.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));

        for (String bad : List.of(forged, swapped)) {
            try (WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", bad))) {
                int code = ws.awaitCloseCode(WAIT);
                assertEquals(INVALID_TOKEN, code, () -> "closed with " + code + " " + ws.closeReason() + " " + ws.received());
                assertTrue(ws.received(WsClient.field("type", "connected")).isEmpty(), () -> ws.received().toString());
            }
            HttpJson.Response r = HttpJson.get(platform.webhook().httpUrl() + "/api/webhooks",
                    Map.of("Authorization", "Bearer " + bad));
            assertEquals(401, r.status(), r::raw);
        }
        // The genuine one still works, so the refusals above were about the signature.
        try (WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", genuine))) {
            assertEquals(userId, ws.awaitConnected(WAIT).path("userId").asText());
        }
        assertTrue(jwksRequests.get() > 0, "the product's JWKS was fetched");
    }

    /** A JWT as the product's backend mints it: its issuer, its claim names, ES256 with {@code key}. */
    private static String productToken(Object userId, String org, List<String> rooms, ECKey key) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("session-" + UUID.randomUUID())
                .claim("user_id", userId)
                .claim("org", org)
                .claim("rooms", rooms)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Created(String uuid, String apiKey) {
    }

    private static Map<String, String> admin() {
        return Map.of("Authorization", "apikey " + platform.adminKey());
    }

    /** {@code POST /api/admin/users} with {@code externalId} (omitted when null). */
    private static Created createUser(String tenant, Object externalId) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", "user-" + UUID.randomUUID() + "@e2e.example");
        body.put("tenant", tenant);
        if (externalId != null) {
            body.put("externalId", externalId);
        }
        HttpJson.Response r = HttpJson.post(platform.auth().httpUrl() + "/api/admin/users", body, admin());
        assertEquals(201, r.status(), () -> r.raw() + "\n" + platform.logTails());
        return new Created(r.body().path("uuid").asText(), r.body().path("apiKey").asText());
    }

    /** The user's socket token carries {@code uid}, and {@code connected.userId} echoes it with its JSON type. */
    private static void assertConnectedAs(Created user, JsonNode expected) {
        HttpJson.Response r = HttpJson.post(platform.auth().httpUrl() + "/api/public/auth/socket", "",
                Map.of("X-AUTH-TOKEN", user.apiKey()));
        assertEquals(200, r.status(), r::raw);
        String token = r.body().path("token").asText();
        JsonNode claims = ForgedTokens.claimsOf(token);
        assertEquals(expected, claims.path("uid"), claims::toString);
        assertEquals(user.uuid(), claims.path("sub").asText(), claims::toString);
        try (NatsPublisher nats = new NatsPublisher(platform);
             WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", token))) {
            JsonNode connected = ws.awaitConnected(WAIT);
            assertEquals(expected, connected.path("userId"), () -> "userId with the external id's JSON type: " + connected);
            // Channels stay keyed by Herald's UUID: the user's events arrive as before.
            String exports = "exports:" + user.uuid();
            assertTrue(connected.path("channels").toString().contains(exports), connected::toString);
            long offset = nats.publish(exports, Events.jobCreated(UUID.randomUUID().toString()));
            ws.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == offset, WAIT);
        }
    }
}
