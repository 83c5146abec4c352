package io.herald.realtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens forged with the real signing key but breaking the contract (no exp, no iss, iat an hour ahead, a sub that is
 * not a UUID) are refused on both protocols: close 4001 on {@code /ws}, disconnect 3500 on the Centrifugo endpoint.
 */
class ForgedTokenIT {

    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    static ECKey signingKey() throws Exception {
        Field f = TestKeys.class.getDeclaredField("signing");
        f.setAccessible(true);
        return (ECKey) f.get(keys);
    }

    static String forge(JWTClaimsSet.Builder claims) throws Exception {
        ECKey key = signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            claims.build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    static JWTClaimsSet.Builder valid() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("herald").subject(UUID.randomUUID().toString()).claim("tenant", "acme")
            .claim("channels", List.of()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    static List<String> forgeries() throws Exception {
        Instant now = Instant.now();
        return List.of(
            forge(valid().subject("not-a-uuid")),
            forge(valid().expirationTime(null)),
            forge(valid().issuer(null)),
            forge(valid().issuer("someone-else")),
            forge(valid().issueTime(null)),
            forge(valid().issueTime(Date.from(now.plus(Duration.ofHours(1))))
                .expirationTime(Date.from(now.plus(Duration.ofHours(2))))));
    }

    @Test
    void genuineTokenConnectsOnBothProtocols() throws Exception {
        String token = forge(valid());
        try (WsClient client = WsClient.connect(rt.ws("/ws", token))) {
            assertThat(client.next()).contains("\"connected\"");
        }
        try (WsClient client = WsClient.connect(rt.ws("/connection/websocket", null))) {
            client.send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
            assertThat(client.next()).contains("\"connect\"").contains("\"client\"");
        }
    }

    @Test
    void forgedTokensCloseHeraldSocketsWith4001() throws Exception {
        for (String token : forgeries()) {
            try (WsClient client = WsClient.connect(rt.ws("/ws", token))) {
                assertThat(client.closeCode()).isEqualTo(4001);
            }
        }
    }

    @Test
    void forgedTokensDisconnectCentrifugoClientsWith3500() throws Exception {
        for (String token : forgeries()) {
            try (WsClient client = WsClient.connect(rt.ws("/connection/websocket", null))) {
                client.send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
                assertThat(client.closed.get(20, TimeUnit.SECONDS)).isEqualTo(3500);
            }
        }
    }
}
