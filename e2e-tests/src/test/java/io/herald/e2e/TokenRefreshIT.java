package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.ForgedTokens;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dashboard stays connected for longer than its tokens live. The product's backend mints 30 s tokens
 * ({@code POST /api/tokens} with {@code "ttl":"PT30S"}); the browser opens {@code /ws} with one and, whenever the
 * server announces {@code token_expiring}, fetches a fresh token from its backend and sends
 * {@code {"type":"refresh","token":…}} on the open connection. That connection outlives three tokens and keeps
 * receiving the user's events; a second tab of the same user that ignores the notice is closed with 4001 once its
 * token expires — not before.
 *
 * <p>The token lifetime is real (30 s). Only the notice lead time is shortened to 20 s
 * ({@code herald.realtime.herald.token-expiring-notice}, 60 s by default — longer than these tokens live), so the
 * refreshing client answers a notice about every 10 s and the third token expires about 50 s after connecting.
 */
class TokenRefreshIT {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration NOTICE = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int INVALID_TOKEN = 4001;

    private static Platform platform;
    private static HeraldApi api;

    @BeforeAll
    static void start() {
        platform = Platform.start(1, false, Map.of("HERALD_REALTIME_HERALD_TOKEN_EXPIRING_NOTICE", NOTICE.toString()));
        api = new HeraldApi(platform);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aConnectionThatRefreshesOutlivesThreeTokensWhileOneThatDoesNotIsClosedAtExpiry() {
        User user = api.createUser("acme-" + UUID.randomUUID().toString().substring(0, 8));
        String first = freshToken(user);
        String lazyToken = freshToken(user);
        long firstExp = exp(first);
        long lazyExp = exp(lazyToken);
        assertEquals(TTL.toSeconds(), firstExp - ForgedTokens.claimsOf(first).path("iat").asLong(),
                () -> "a 30 s token as requested: " + ForgedTokens.claimsOf(first));

        List<String> tokens = new CopyOnWriteArrayList<>(List.of(first));
        List<Throwable> refreshFailures = new CopyOnWriteArrayList<>();
        ExecutorService backend = Executors.newSingleThreadExecutor(r -> new Thread(r, "product-backend"));
        try (WsClient live = WsClient.connect(platform.heraldWs(0, "/ws", first));
             WsClient lazy = WsClient.connect(platform.heraldWs(0, "/ws", lazyToken))) {
            // The application's reaction to the notice: a fresh token from its backend, sent in-band.
            live.onFrame(frame -> {
                if ("token_expiring".equals(frame.path("type").asText())) {
                    backend.execute(() -> {
                        try {
                            String fresh = freshToken(user);
                            tokens.add(fresh);
                            live.sendJson(Map.of("type", "refresh", "token", fresh));
                        } catch (RuntimeException | AssertionError e) {
                            refreshFailures.add(e);
                        }
                    });
                }
            });
            Instant connectedAt = Instant.now();
            live.awaitConnected(WAIT);
            lazy.awaitConnected(WAIT);

            // The tab that ignores the notice: told 20 s ahead, closed with 4001 once its token has expired.
            JsonNode lazyNotice = lazy.await(WsClient.field("type", "token_expiring"), WAIT);
            assertFalse(Instant.now().isBefore(Instant.ofEpochSecond(lazyExp).minus(NOTICE).minusSeconds(2)),
                    () -> "the notice came " + NOTICE + " before the expiry, not at once: " + lazyNotice);
            assertEquals(lazyExp, lazyNotice.path("expires").asLong(), lazyNotice::toString);
            int code = lazy.awaitCloseCode(TTL.plus(WAIT));
            assertEquals(INVALID_TOKEN, code, () -> "closed with " + code + " " + lazy.closeReason());
            assertFalse(lazy.closedAt().isBefore(Instant.ofEpochSecond(lazyExp)),
                    () -> "closed at " + lazy.closedAt() + ", before its token expired at " + Instant.ofEpochSecond(lazyExp));
            assertEquals(1, lazy.received(WsClient.field("type", "token_expiring")).size(),
                    () -> "one notice per token: " + lazy.received());

            // The refreshing tab: its first token has expired meanwhile, it is open and still gets the user's events.
            assertFalse(live.closed(), () -> "the refreshing connection was closed: " + live.closeReason() + " " + live.received());
            expectEvent(user, live);

            // Two more token lifetimes: wait until the third token (the second refresh) has expired too.
            Awaitility.await("the third token in use").atMost(TTL.plus(WAIT))
                    .until(() -> refreshed(live).size() >= 2 || live.closed());
            long thirdExp = exp(tokens.get(2));
            Awaitility.await("the third token expires").atMost(TTL.plus(WAIT)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Instant.now().isAfter(Instant.ofEpochSecond(thirdExp).plusSeconds(2)) || live.closed());
            assertFalse(live.closed(), () -> "the refreshing connection was closed: " + live.closeReason() + " " + live.received());
            assertTrue(Duration.between(connectedAt, Instant.now()).toSeconds() >= 33);
            expectEvent(user, live);
            assertFalse(live.closed(), () -> "closed: " + live.closeReason());

            // Every notice named the expiry of the token then in use, every refresh was confirmed with the new one's.
            assertTrue(refreshFailures.isEmpty(), () -> "the backend could not mint a token: " + refreshFailures);
            List<JsonNode> notices = live.received(WsClient.field("type", "token_expiring"));
            List<JsonNode> confirmations = refreshed(live);
            assertTrue(notices.size() >= 3 && confirmations.size() >= 3, () -> "three refreshes: " + live.received());
            for (int i = 0; i < 3; i++) {
                assertEquals(exp(tokens.get(i)), notices.get(i).path("expires").asLong(), "notice " + i + ": " + notices);
                assertEquals(exp(tokens.get(i + 1)), confirmations.get(i).path("expires").asLong(), "refresh " + i + ": " + confirmations);
            }
            assertTrue(live.received(WsClient.field("type", "error")).isEmpty(), () -> "no error frames: " + live.received());
        } finally {
            backend.shutdownNow();
        }
    }

    private static List<JsonNode> refreshed(WsClient ws) {
        return ws.received(WsClient.field("type", "refreshed"));
    }

    /** The product's backend: a 30 s token for its user from auth-service, with the server key. */
    private static String freshToken(User user) {
        return api.grantedToken(user, List.of(), TTL.toString());
    }

    private static long exp(String token) {
        return ForgedTokens.claimsOf(token).path("exp").asLong();
    }

    private static void expectEvent(User user, WsClient ws) {
        long offset = api.publishHttp(0, user.exportsChannel(), Events.jobCreated(UUID.randomUUID().toString()));
        ws.await(f -> WsClient.isEvent(f) && f.path("offset").asLong() == offset, WAIT);
    }
}
