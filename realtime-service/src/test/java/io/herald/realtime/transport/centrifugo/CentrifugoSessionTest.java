package io.herald.realtime.transport.centrifugo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CentrifugoSessionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long NOW_S = 1_700_000_000L;
    static final String USER = "2f6c0d4e-1111-4222-8333-944455556666";

    ManualScheduler clock;
    InMemoryBackend backend;
    CentrifugoProtocol protocol;
    RecordingConnection conn;
    CentrifugoSession session;

    @BeforeEach
    void setUp() {
        setUp(CentrifugoOptions.defaults());
    }

    void setUp(CentrifugoOptions options) {
        clock = new ManualScheduler(NOW_S * 1000);
        backend = new InMemoryBackend(clock::nowMillis);
        protocol = new CentrifugoProtocol(backend, options, clock);
        conn = new RecordingConnection();
        session = protocol.open(conn);
    }

    /** Moves time on, then runs what the server-wide sweep runs for a connected session (pings, pongs, expiry). */
    void advance(Duration by) {
        clock.advance(by);
        session.client().supervise(System.nanoTime(), java.time.Instant.now());
    }

    /** What the hub does for a live publication: hands the shared frame to the session's client. */
    void deliver(String channel, long offset, byte[] frame) {
        session.client().send(new io.herald.realtime.hub.EncodedFrame(frame, channel, offset));
    }

    static String token(long ttlSeconds, String... grants) {
        return InMemoryBackend.token(USER, "acme", ttlSeconds == 0 ? 0 : NOW_S + ttlSeconds, grants);
    }

    /** Sends a frame and returns the single frame it produced. */
    String send(String frame) {
        conn.take();
        session.onFrame(frame);
        List<String> out = conn.take();
        assertEquals(1, out.size(), () -> "expected one frame, got " + out);
        return out.get(0);
    }

    void connect(String token) {
        String reply = send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\",\"name\":\"js\"}}");
        assertTrue(reply.contains("\"connect\":"), reply);
    }

    static void assertJson(String expected, String actual) {
        try {
            assertEquals(JSON.readTree(expected), JSON.readTree(actual), () -> "actual: " + actual);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void assertClosed(CentrifugoCloseCode code) {
        assertEquals(code.code(), conn.closeCode, () -> "frames: " + conn.frames);
        assertEquals(code.reason(), conn.closeReason);
        assertTrue(session.isClosed());
        assertTrue(backend.disconnected.contains(session));
    }

    // ------------------------------------------------------------------ connect

    @Nested
    class Connect {

        @Test
        void replyHasClientVersionExpiryPingPongAndServerSideSubscriptions() {
            backend.publish("exports:" + USER, "{\"event\":\"job.created\"}");
            String reply = send("{\"id\":1,\"connect\":{\"token\":\"" + token(840) + "\",\"name\":\"js\",\"version\":\"5.8.0\"}}");
            assertJson("{\"id\":1,\"connect\":{\"client\":\"" + session.clientId() + "\",\"version\":\"herald\","
                    + "\"expires\":true,\"ttl\":840,\"ping\":25,\"pong\":true,\"subs\":{"
                    + "\"exports:" + USER + "\":{\"recoverable\":true,\"positioned\":true,\"epoch\":\"E1\",\"offset\":1},"
                    + "\"notifications:" + USER + "\":{\"recoverable\":true,\"positioned\":true,\"epoch\":\"E1\"}}}}", reply);
            assertEquals(USER, session.principal().userId());
            assertEquals(1, backend.subscriberCount("exports:" + USER));
        }

        @Test
        void tokenWithoutExpiryHasNoExpiresOrTtl() {
            String reply = send("{\"id\":1,\"connect\":{\"token\":\"" + token(0) + "\"}}");
            JsonNode result = tree(reply).get("connect");
            assertFalse(result.has("expires"));
            assertFalse(result.has("ttl"));
        }

        @Test
        void serverSideSubscriptionRecoversWhatTheClientMissed() {
            String ch = "exports:" + USER;
            long first = backend.publish(ch, "{\"n\":1}");
            backend.publish("other", "{\"x\":0}");
            long second = backend.publish(ch, "{\"n\":2}");
            long third = backend.publish(ch, "{\"n\":3}");
            String reply = send("{\"id\":1,\"connect\":{\"token\":\"" + token(600) + "\",\"subs\":{\"" + ch
                    + "\":{\"recover\":true,\"offset\":" + first + ",\"epoch\":\"E1\"}}}}");
            assertJson("{\"recoverable\":true,\"positioned\":true,\"epoch\":\"E1\",\"offset\":" + third
                    + ",\"was_recovering\":true,\"recovered\":true,\"publications\":["
                    + "{\"data\":{\"n\":2},\"offset\":" + second + "},{\"data\":{\"n\":3},\"offset\":" + third + "}]}",
                    tree(reply).get("connect").get("subs").get(ch).toString());
        }

        @Test
        void expiredTokenGetsError109AndTheConnectionBecomesUnusable() {
            String reply = send("{\"id\":1,\"connect\":{\"token\":\"" + InMemoryBackend.token(USER, "acme", NOW_S - 1) + "\"}}");
            assertJson("{\"id\":1,\"error\":{\"code\":109,\"message\":\"token expired\"}}", reply);
            assertNull(conn.closeCode);
            session.onFrame("{\"id\":2,\"connect\":{\"token\":\"" + token(600) + "\"}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void subscribesBatchedBehindAnExpiredConnectAreDroppedNotClosed() {
            String reply = send("{\"id\":1,\"connect\":{\"token\":\"" + InMemoryBackend.token(USER, "acme", NOW_S - 1) + "\"}}\n"
                + "{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"flag\":1}}");
            assertJson("{\"id\":1,\"error\":{\"code\":109,\"message\":\"token expired\"}}", reply);
            assertNull(conn.closeCode);
        }

        @Test
        void unusableConnectionIsClosedStaleAfterTheConnectTimeout() {
            send("{\"id\":1,\"connect\":{\"token\":\"" + InMemoryBackend.token(USER, "acme", NOW_S - 1) + "\"}}");
            advance(Duration.ofSeconds(10));
            assertClosed(CentrifugoCloseCode.STALE);
        }

        @Test
        void invalidTokenClosesWith3500() {
            session.onFrame("{\"id\":1,\"connect\":{\"token\":\"garbage\"}}");
            assertClosed(CentrifugoCloseCode.INVALID_TOKEN);
            assertEquals(List.of(), conn.frames);
        }

        @Test
        void missingTokenClosesWith3500() {
            session.onFrame("{\"id\":1,\"connect\":{}}");
            assertClosed(CentrifugoCloseCode.INVALID_TOKEN);
        }

        @Test
        void commandBeforeConnectClosesWith3501() {
            session.onFrame("{\"id\":1,\"subscribe\":{\"channel\":\"job:1\"}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void clientIdIsARandomVersion4Uuid() {
            java.util.UUID id = java.util.UUID.fromString(session.clientId());
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            assertEquals(session.clientId(), session.clientId());
            assertFalse(session.clientId().equals(protocol.open(new RecordingConnection()).clientId()));
        }

        @Test
        void userAtItsConnectionLimitIsClosedWith3504() {
            backend.full = true;
            session.onFrame("{\"id\":1,\"connect\":{\"token\":\"" + token(600) + "\"}}");
            assertClosed(CentrifugoCloseCode.CONNECTION_LIMIT);
            assertEquals(0, backend.subscriberCount("exports:" + USER));
        }

        @Test
        void secondConnectClosesWith3501() {
            connect(token(600));
            session.onFrame("{\"id\":2,\"connect\":{\"token\":\"" + token(600) + "\"}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void noConnectWithinTheTimeoutClosesWith3502() {
            advance(Duration.ofMillis(9_999));
            assertNull(conn.closeCode);
            advance(Duration.ofMillis(1));
            assertClosed(CentrifugoCloseCode.STALE);
        }

        @Test
        void connectTimeoutIsCancelledByConnect() {
            connect(token(600));
            advance(Duration.ofSeconds(11));
            assertNull(conn.closeCode);
        }

        @Test
        void backendFailureGivesTemporaryError100() {
            backend.failing = true;
            String reply = send("{\"id\":1,\"connect\":{\"token\":\"" + token(600) + "\"}}");
            assertJson("{\"id\":1,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}", reply);
        }
    }

    // ------------------------------------------------------------------ framing

    @Nested
    class Framing {

        @Test
        void connectAndSubscribesInOneFrameAreAnsweredInOrderInOneFrame() {
            String frame = "{\"id\":1,\"connect\":{\"token\":\"" + token(600, "job:*") + "\"}}\n"
                    + "{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"flag\":1}}\n"
                    + "{\"id\":3,\"subscribe\":{\"channel\":\"admin:x\",\"flag\":1}}\n";
            String reply = send(frame);
            String[] lines = reply.split("\n");
            assertEquals(3, lines.length, reply);
            assertEquals(1, tree(lines[0]).get("id").asInt());
            assertJson("{\"id\":2,\"subscribe\":{\"recoverable\":true,\"positioned\":true,\"epoch\":\"E1\"}}", lines[1]);
            assertJson("{\"id\":3,\"error\":{\"code\":103,\"message\":\"permission denied\"}}", lines[2]);
        }

        @Test
        void malformedJsonClosesWith3501() {
            session.onFrame("{\"id\":1,\"connect\":");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void nonObjectClosesWith3501() {
            connect(token(600));
            session.onFrame("[1,2]");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void emptyFrameClosesWith3501() {
            connect(token(600));
            session.onFrame("");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void commandWithoutPositiveIdClosesWith3501() {
            connect(token(600, "job:*"));
            session.onFrame("{\"id\":0,\"subscribe\":{\"channel\":\"job:1\"}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void negativeIdClosesWith3501() {
            connect(token(600, "job:*"));
            session.onFrame("{\"id\":-1,\"subscribe\":{\"channel\":\"job:1\"}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void trailingBytesAfterACommandCloseWith3501() {
            connect(token(600, "job:*"));
            session.onFrame("{\"id\":2,\"subscribe\":{\"channel\":\"job:1\"}} x");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void nonNumericIdClosesWith3501() {
            connect(token(600));
            session.onFrame("{\"id\":\"x\",\"history\":{\"channel\":\"a\"}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void repliesBeforeABadCommandAreSentThenTheConnectionCloses() {
            connect(token(600, "job:*"));
            conn.take();
            session.onFrame("{\"id\":2,\"subscribe\":{\"channel\":\"job:1\"}}\nnot json\n{\"id\":3,\"subscribe\":{\"channel\":\"job:2\"}}");
            List<String> out = conn.take();
            assertEquals(1, out.size());
            assertEquals(2, tree(out.get(0)).get("id").asInt());
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
            assertEquals(0, backend.subscriberCount("job:2"));
        }

        @Test
        void unsupportedMethodsAnswerAsCentrifugoDoes() {
            connect(token(600, "job:*"));
            String reply = send("{\"id\":2,\"publish\":{\"channel\":\"job:1\",\"data\":{}}}\n"
                    + "{\"id\":3,\"presence\":{\"channel\":\"job:1\"}}\n"
                    + "{\"id\":4,\"presence_stats\":{\"channel\":\"job:1\"}}\n"
                    + "{\"id\":5,\"rpc\":{\"method\":\"m\",\"data\":{}}}\n"
                    + "{\"id\":6,\"ping\":{}}\n"
                    + "{\"id\":7,\"sub_refresh\":{\"channel\":\"job:1\",\"token\":\"t\"}}\n"
                    + "{\"id\":8,\"frobnicate\":{}}\n"
                    + "{\"send\":{\"data\":{\"hello\":1}}}");
            String[] lines = reply.split("\n");
            assertEquals(7, lines.length, reply);
            int[] codes = {103, 108, 108, 104, 108, 108, 104};
            for (int i = 0; i < codes.length; i++) {
                assertEquals(i + 2, tree(lines[i]).get("id").asInt());
                assertEquals(codes[i], tree(lines[i]).get("error").get("code").asInt(), lines[i]);
            }
            assertNull(conn.closeCode);
        }
    }

    // ------------------------------------------------------------------ subscribe

    @Nested
    class Subscribe {

        @BeforeEach
        void connected() {
            connect(token(600, "job:*"));
        }

        @Test
        void freshSubscriptionThenLivePublicationsWithOffsets() {
            assertJson("{\"id\":2,\"subscribe\":{\"recoverable\":true,\"positioned\":true,\"epoch\":\"E1\"}}",
                    send("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"flag\":1}}"));
            long offset = backend.publish("job:42", "{\"type\":\"job.started\"}");
            assertEquals("{\"push\":{\"channel\":\"job:42\",\"pub\":{\"data\":{\"type\":\"job.started\"},\"offset\":"
                    + offset + "}}}", conn.last());
        }

        @Test
        void errorCodes() {
            assertJson("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
                    send("{\"id\":2,\"subscribe\":{\"channel\":\"admin:secrets\"}}"));
            assertJson("{\"id\":3,\"error\":{\"code\":102,\"message\":\"unknown channel\"}}",
                    send("{\"id\":3,\"subscribe\":{\"channel\":\"nowhere:1\"}}"));
            assertJson("{\"id\":4,\"error\":{\"code\":107,\"message\":\"bad request\"}}",
                    send("{\"id\":4,\"subscribe\":{\"channel\":\"job:*\"}}"));
            send("{\"id\":5,\"subscribe\":{\"channel\":\"job:1\"}}");
            assertJson("{\"id\":6,\"error\":{\"code\":105,\"message\":\"already subscribed\"}}",
                    send("{\"id\":6,\"subscribe\":{\"channel\":\"job:1\"}}"));
            assertJson("{\"id\":7,\"error\":{\"code\":105,\"message\":\"already subscribed\"}}",
                    send("{\"id\":7,\"subscribe\":{\"channel\":\"exports:" + USER + "\"}}"));
            assertNull(conn.closeCode);
        }

        @Test
        void missingChannelClosesWith3501() {
            session.onFrame("{\"id\":2,\"subscribe\":{}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void subscriptionLimitGivesError106() {
            CentrifugoOptions d = CentrifugoOptions.defaults();
            setUp(new CentrifugoOptions(d.pingInterval(), d.pongTimeout(), d.connectTimeout(), d.expiredCloseDelay(),
                    3, d.maxHistoryLimit(), d.maxPendingPublications(), d.serverVersion()));
            connect(token(600, "job:*")); // 2 personal channels
            assertTrue(send("{\"id\":2,\"subscribe\":{\"channel\":\"job:1\"}}").contains("\"subscribe\""));
            assertJson("{\"id\":3,\"error\":{\"code\":106,\"message\":\"limit exceeded\"}}",
                    send("{\"id\":3,\"subscribe\":{\"channel\":\"job:2\"}}"));
        }

        @Test
        void subscriptionTokenGrantsAChannelAndItsExpiryGivesError109() {
            setUp(CentrifugoOptions.defaults());
            connect(token(600)); // no grants
            assertJson("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
                    send("{\"id\":2,\"subscribe\":{\"channel\":\"job:7\"}}"));
            assertTrue(send("{\"id\":3,\"subscribe\":{\"channel\":\"job:7\",\"token\":\"sub=" + USER + ";ch=job:7;exp="
                    + (NOW_S + 60) + "\"}}").contains("\"subscribe\""));
            assertJson("{\"id\":4,\"error\":{\"code\":109,\"message\":\"token expired\"}}",
                    send("{\"id\":4,\"subscribe\":{\"channel\":\"job:8\",\"token\":\"sub=" + USER + ";ch=job:8;exp="
                            + (NOW_S - 60) + "\"}}"));
            assertJson("{\"id\":5,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
                    send("{\"id\":5,\"subscribe\":{\"channel\":\"job:9\",\"token\":\"sub=someone-else;ch=job:9\"}}"));
        }

        @Test
        void shortTenantNameIsDeliveredUnderTheNameTheClientWrote() {
            send("{\"id\":2,\"subscribe\":{\"channel\":\"order_changes\"}}");
            long offset = backend.publish("order_changes@acme", "{\"event\":\"order:created\",\"data\":{\"id\":1}}");
            assertEquals("{\"push\":{\"channel\":\"order_changes\",\"pub\":{\"data\":{\"event\":\"order:created\",\"data\":{\"id\":1}},\"offset\":"
                    + offset + "}}}", conn.last());
        }

        @Test
        void oneEncodingIsSharedByAllSubscribersOfTheSameWrittenName() {
            RecordingConnection conn2 = new RecordingConnection();
            CentrifugoSession other = protocol.open(conn2);
            other.onFrame("{\"id\":1,\"connect\":{\"token\":\"" + token(600, "job:*") + "\"}}");
            other.onFrame("{\"id\":2,\"subscribe\":{\"channel\":\"job:5\"}}");
            send("{\"id\":2,\"subscribe\":{\"channel\":\"job:5\"}}");
            backend.encodings.set(0);
            backend.publish("job:5", "{\"type\":\"job.progress\"}");
            assertEquals(1, backend.encodings.get());
            assertSame(conn.byteFrames.get(conn.byteFrames.size() - 1), conn2.byteFrames.get(conn2.byteFrames.size() - 1));
        }

        @Test
        void unsubscribeStopsPublicationsAndAnswersEmpty() {
            send("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\"}}");
            assertJson("{\"id\":3,\"unsubscribe\":{}}", send("{\"id\":3,\"unsubscribe\":{\"channel\":\"job:42\"}}"));
            conn.take();
            backend.publish("job:42", "{\"type\":\"job.started\"}");
            assertEquals(List.of(), conn.take());
            assertEquals(List.of("job:42"), backend.unsubscribed);
            assertJson("{\"id\":4,\"unsubscribe\":{}}", send("{\"id\":4,\"unsubscribe\":{\"channel\":\"never\"}}"));
        }

        @Test
        void subscriptionsAreKeptInTheOrderMadeUnderTheNamesWritten() {
            List<String> personal = session.channels();
            send("{\"id\":2,\"subscribe\":{\"channel\":\"job:1\"}}");
            send("{\"id\":3,\"subscribe\":{\"channel\":\"job:2\"}}");
            send("{\"id\":4,\"subscribe\":{\"channel\":\"order_changes\"}}");
            send("{\"id\":5,\"unsubscribe\":{\"channel\":\"job:2\"}}");
            List<String> expected = new java.util.ArrayList<>(personal);
            expected.addAll(List.of("job:1", "order_changes"));
            assertEquals(expected, session.channels());

            conn.take();
            backend.publish("job:2", "{\"type\":\"job.started\"}");
            assertEquals(List.of(), conn.take());
            long offset = backend.publish("order_changes@acme", "{\"event\":\"order:created\",\"data\":{\"id\":2}}");
            assertEquals("{\"push\":{\"channel\":\"order_changes\",\"pub\":{\"data\":{\"event\":\"order:created\",\"data\":{\"id\":2}},\"offset\":"
                    + offset + "}}}", conn.last());
            // the full name is taken by the short one
            assertJson("{\"id\":6,\"error\":{\"code\":105,\"message\":\"already subscribed\"}}",
                    send("{\"id\":6,\"subscribe\":{\"channel\":\"order_changes@acme\"}}"));
            assertTrue(send("{\"id\":7,\"subscribe\":{\"channel\":\"job:2\"}}").contains("\"subscribe\""));
            expected.add("job:2");
            assertEquals(expected, session.channels());
        }

        @Test
        void unsubscribeWithoutChannelClosesWith3501() {
            session.onFrame("{\"id\":2,\"unsubscribe\":{}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }

        @Test
        void backendFailureGivesError100AndLeavesNoSubscription() {
            backend.failing = true;
            assertJson("{\"id\":2,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}",
                    send("{\"id\":2,\"subscribe\":{\"channel\":\"job:1\"}}"));
            assertFalse(session.channels().contains("job:1"));
        }
    }

    // ------------------------------------------------------------------ recovery

    @Nested
    class Recovery {

        long o1;
        long o2;
        long o3;

        @BeforeEach
        void history() {
            o1 = backend.publish("job:42", "{\"n\":1}");
            backend.publish("job:43", "{\"n\":0}");
            o2 = backend.publish("job:42", "{\"n\":2}");
            o3 = backend.publish("job:42", "{\"n\":3}");
            connect(token(600, "job:*"));
        }

        @Test
        void recoveredWithExactlyTheMissedPublicationsInOrder() {
            assertJson("{\"id\":2,\"subscribe\":{\"recoverable\":true,\"positioned\":true,\"epoch\":\"E1\",\"offset\":" + o3
                            + ",\"was_recovering\":true,\"recovered\":true,\"publications\":[{\"data\":{\"n\":2},\"offset\":" + o2
                            + "},{\"data\":{\"n\":3},\"offset\":" + o3 + "}]}}",
                    send("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"recover\":true,\"offset\":" + o1
                            + ",\"epoch\":\"E1\",\"flag\":1}}"));
        }

        @Test
        void nothingMissedIsRecoveredWithoutPublications() {
            assertJson("{\"id\":2,\"subscribe\":{\"recoverable\":true,\"positioned\":true,\"epoch\":\"E1\",\"offset\":" + o3
                            + ",\"was_recovering\":true,\"recovered\":true}}",
                    send("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"recover\":true,\"offset\":" + o3 + ",\"epoch\":\"E1\"}}"));
        }

        @Test
        void otherEpochIsNotRecoveredAndGetsTheCurrentPosition() {
            assertJson("{\"id\":2,\"subscribe\":{\"recoverable\":true,\"positioned\":true,\"epoch\":\"E1\",\"offset\":" + o3
                            + ",\"was_recovering\":true}}",
                    send("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"recover\":true,\"offset\":" + o1 + ",\"epoch\":\"OLD\"}}"));
        }

        @Test
        void trimmedHistoryIsNotRecovered() {
            backend.historySize(2); // trims on the next publish
            long o4 = backend.publish("job:42", "{\"n\":4}");
            assertJson("{\"id\":2,\"subscribe\":{\"recoverable\":true,\"positioned\":true,\"epoch\":\"E1\",\"offset\":" + o4
                            + ",\"was_recovering\":true}}",
                    send("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"recover\":true,\"offset\":" + o1 + ",\"epoch\":\"E1\"}}"));
        }

        @Test
        void rejectUnrecoveredFlagGivesError112() {
            assertJson("{\"id\":2,\"error\":{\"code\":112,\"message\":\"unrecoverable position\"}}",
                    send("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"recover\":true,\"offset\":" + o1
                            + ",\"epoch\":\"OLD\",\"flag\":3}}"));
            assertFalse(session.channels().contains("job:42"));
            assertEquals(0, backend.subscriberCount("job:42"));
        }

        @Test
        void livePublicationsDuringAnInFlightSubscribeFollowTheReplyWithoutDuplicates() {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            backend.subscribeGate = gate;
            conn.take();
            session.onFrame("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"recover\":true,\"offset\":" + o1 + ",\"epoch\":\"E1\"}}");
            long o4 = backend.publish("job:42", "{\"n\":4}"); // arrives while the subscribe is in flight
            // The next frame waits for the in-flight one: commands stay in order.
            session.onFrame("{\"id\":3,\"unsubscribe\":{\"channel\":\"job:1\"}}");
            assertEquals(List.of(), conn.take());
            gate.complete(null);
            List<String> out = conn.take();
            assertEquals(3, out.size(), out::toString);
            JsonNode reply = tree(out.get(0));
            assertEquals(2, reply.get("id").asInt());
            assertEquals(o3, reply.get("subscribe").get("offset").asLong()); // history was read before o4 existed
            assertEquals(2, reply.get("subscribe").get("publications").size());
            assertEquals(o4, tree(out.get(1)).get("push").get("pub").get("offset").asLong());
            assertEquals(3, tree(out.get(2)).get("id").asInt());
        }

        @Test
        void livePublicationAlreadyRecoveredIsNotSentTwice() {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            backend.subscribeGate = gate;
            session.onFrame("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"recover\":true,\"offset\":" + o1
                    + ",\"epoch\":\"E1\"}}");
            // Routed live between the hub subscription and the history read: also among the recovered publications.
            deliver("job:42", o3, CentrifugoCodec.publicationPush("job:42", o3, "{\"n\":3}".getBytes()));
            conn.take();
            gate.complete(null);
            List<String> out = conn.take();
            assertEquals(1, out.size(), out::toString);
            assertEquals(2, tree(out.get(0)).get("subscribe").get("publications").size());
            deliver("job:42", o3, CentrifugoCodec.publicationPush("job:42", o3, "{\"n\":3}".getBytes()));
            assertEquals(List.of(), conn.take());
        }

        @Test
        void liveOffsetsOutOfOrderAreDelivered() {
            // A throttled progress released at the end of its window follows later offsets of other jobs (P2).
            session.onFrame("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\"}}");
            conn.take();
            deliver("job:42", o3 + 5, CentrifugoCodec.publicationPush("job:42", o3 + 5, "{\"n\":5}".getBytes()));
            deliver("job:42", o3 + 2, CentrifugoCodec.publicationPush("job:42", o3 + 2, "{\"n\":4}".getBytes()));
            List<String> out = conn.take();
            assertEquals(2, out.size(), out::toString);
            // below what the client was already sent: delivered without an offset so its position does not go back
            JsonNode late = tree(out.get(1)).get("push").get("pub");
            assertEquals(4, late.get("data").get("n").asInt());
            assertFalse(late.has("offset"), out.get(1));
        }

        @Test
        void liveOffsetBelowTheSubscribePositionIsSentWithoutOffset() {
            session.onFrame("{\"id\":2,\"subscribe\":{\"channel\":\"job:42\",\"recover\":true,\"offset\":" + o1
                    + ",\"epoch\":\"E1\"}}");
            conn.take();
            // a trailing progress of offset o1 + 1 (not among the recovered) released after the client was positioned at o3
            deliver("job:42", o1 + 1, CentrifugoCodec.publicationPush("job:42", o1 + 1, "{\"n\":9}".getBytes()));
            deliver("job:42", o3 + 1, CentrifugoCodec.publicationPush("job:42", o3 + 1, "{\"n\":10}".getBytes()));
            List<String> out = conn.take();
            assertEquals(2, out.size(), out::toString);
            assertFalse(tree(out.get(0)).get("push").get("pub").has("offset"), out.get(0));
            assertEquals(o3 + 1, tree(out.get(1)).get("push").get("pub").get("offset").asLong());
        }

        @Test
        void tooManyPublicationsDuringAnInFlightSubscribeCloseWith3010() {
            CentrifugoOptions d = CentrifugoOptions.defaults();
            setUp(new CentrifugoOptions(d.pingInterval(), d.pongTimeout(), d.connectTimeout(), d.expiredCloseDelay(),
                    d.maxSubscriptions(), d.maxHistoryLimit(), 2, d.serverVersion()));
            connect(token(600, "job:*"));
            backend.subscribeGate = new CompletableFuture<>();
            session.onFrame("{\"id\":2,\"subscribe\":{\"channel\":\"job:9\"}}");
            backend.publish("job:9", "{}");
            backend.publish("job:9", "{}");
            assertNull(conn.closeCode);
            backend.publish("job:9", "{}");
            assertClosed(CentrifugoCloseCode.INSUFFICIENT_STATE);
        }
    }

    // ------------------------------------------------------------------ history

    @Nested
    class HistoryCommand {

        @Test
        void historyWithLimitAndSince() {
            long o1 = backend.publish("job:1", "{\"n\":1}");
            long o2 = backend.publish("job:1", "{\"n\":2}");
            long o3 = backend.publish("job:1", "{\"n\":3}");
            connect(token(600, "job:*"));
            assertJson("{\"id\":2,\"history\":{\"publications\":[{\"data\":{\"n\":2},\"offset\":" + o2 + "},{\"data\":{\"n\":3},\"offset\":"
                    + o3 + "}],\"epoch\":\"E1\",\"offset\":" + o3 + "}}", send("{\"id\":2,\"history\":{\"channel\":\"job:1\",\"limit\":2}}"));
            assertJson("{\"id\":3,\"history\":{\"publications\":[{\"data\":{\"n\":2},\"offset\":" + o2 + "}],\"epoch\":\"E1\",\"offset\":"
                    + o3 + "}}", send("{\"id\":3,\"history\":{\"channel\":\"job:1\",\"limit\":1,\"since\":{\"offset\":" + o1
                    + ",\"epoch\":\"E1\"}}}"));
            assertJson("{\"id\":4,\"history\":{\"epoch\":\"E1\",\"offset\":" + o3 + "}}",
                    send("{\"id\":4,\"history\":{\"channel\":\"job:1\"}}"));
        }

        @Test
        void limitIsClampedToTheConfiguredMaximum() {
            CentrifugoOptions d = CentrifugoOptions.defaults();
            setUp(new CentrifugoOptions(d.pingInterval(), d.pongTimeout(), d.connectTimeout(), d.expiredCloseDelay(),
                    d.maxSubscriptions(), 2, d.maxPendingPublications(), d.serverVersion()));
            for (int i = 0; i < 5; i++) {
                backend.publish("job:1", "{\"n\":" + i + "}");
            }
            connect(token(600, "job:*"));
            assertEquals(2, tree(send("{\"id\":2,\"history\":{\"channel\":\"job:1\",\"limit\":100}}"))
                    .get("history").get("publications").size());
            assertEquals(2, tree(send("{\"id\":3,\"history\":{\"channel\":\"job:1\",\"limit\":-1}}"))
                    .get("history").get("publications").size());
        }

        @Test
        void historyNeedsTheSamePermissionAsSubscribe() {
            connect(token(600));
            assertJson("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
                    send("{\"id\":2,\"history\":{\"channel\":\"job:1\",\"limit\":10}}"));
            assertJson("{\"id\":3,\"error\":{\"code\":102,\"message\":\"unknown channel\"}}",
                    send("{\"id\":3,\"history\":{\"channel\":\"zzz\",\"limit\":10}}"));
            assertJson("{\"id\":4,\"error\":{\"code\":108,\"message\":\"not available\"}}",
                    send("{\"id\":4,\"history\":{\"channel\":\"exports:" + USER + "\",\"limit\":10,\"reverse\":true}}"));
            session.onFrame("{\"id\":5,\"history\":{}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }
    }

    // ------------------------------------------------------------------ ping / pong

    @Nested
    class PingPong {

        @BeforeEach
        void connected() {
            connect(token(0));
        }

        @Test
        void serverPingsEveryIntervalAndAPongKeepsTheConnection() {
            advance(Duration.ofSeconds(24));
            assertEquals(List.of(), conn.take());
            advance(Duration.ofSeconds(1));
            assertEquals(List.of("{}"), conn.take());
            session.onFrame("{}");
            advance(Duration.ofSeconds(24));
            assertNull(conn.closeCode);
            advance(Duration.ofSeconds(1));
            assertEquals(List.of("{}"), conn.take());
        }

        @Test
        void theFirstPingComesAtARandomPhaseWithinOneInterval() {
            java.util.concurrent.ScheduledExecutorService timers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            try {
                CentrifugoScheduler real = CentrifugoScheduler.of(timers, java.time.Clock.systemUTC());
                java.util.Set<Long> phases = new java.util.HashSet<>();
                for (int i = 0; i < 50; i++) {
                    long phase = real.pingPhaseMillis(25_000);
                    assertTrue(phase >= 0 && phase <= 12_500, () -> "phase " + phase);
                    phases.add(phase);
                }
                assertTrue(phases.size() > 1, "spread, not one phase for every connection");
            } finally {
                timers.shutdownNow();
            }
        }

        @Test
        void missingPongClosesWith3012() {
            advance(Duration.ofSeconds(25));
            advance(Duration.ofMillis(7_999));
            assertNull(conn.closeCode);
            advance(Duration.ofMillis(1));
            assertClosed(CentrifugoCloseCode.NO_PONG);
        }

        @Test
        void unsolicitedPongIsIgnored() {
            // Centrifugo closes with 3501 here; the SDK can send a late pong right after it reconnected, so Herald
            // ignores it rather than ending a healthy connection.
            session.onFrame("{}");
            assertNull(conn.closeCode);
        }

        @Test
        void pongTimeoutMustBeShorterThanThePingInterval() {
            assertThrows(IllegalArgumentException.class, () -> new CentrifugoOptions(Duration.ofSeconds(5),
                    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ZERO, 1, 1, 1, "v"));
            assertThrows(IllegalArgumentException.class, () -> new CentrifugoOptions(Duration.ofSeconds(5),
                    Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ZERO, 0, 1, 1, "v"));
        }
    }

    // ------------------------------------------------------------------ refresh & expiry

    /** Defaults with pings out of the way (every 600 s) so expiry tests need no pongs. */
    static CentrifugoOptions longPing() {
        CentrifugoOptions d = CentrifugoOptions.defaults();
        return new CentrifugoOptions(Duration.ofSeconds(600), d.pongTimeout(), d.connectTimeout(), d.expiredCloseDelay(),
                d.maxSubscriptions(), d.maxHistoryLimit(), d.maxPendingPublications(), d.serverVersion());
    }

    @Nested
    class RefreshAndExpiry {

        @Test
        void refreshExtendsTheConnection() {
            setUp(longPing());
            connect(token(60));
            advance(Duration.ofSeconds(60)); // the SDK refreshes at ttl
            String newToken = InMemoryBackend.token(USER, "acme", NOW_S + 960);
            assertJson("{\"id\":2,\"refresh\":{\"client\":\"" + session.clientId() + "\",\"version\":\"herald\","
                    + "\"expires\":true,\"ttl\":900}}", send("{\"id\":2,\"refresh\":{\"token\":\"" + newToken + "\"}}"));
            advance(Duration.ofSeconds(120)); // past the old exp + grace
            assertNull(conn.closeCode);
            assertEquals(NOW_S + 960, session.principal().expiresAtSeconds());
        }

        @Test
        void unrefreshedConnectionClosesWith3005AfterExpiryPlusGrace() {
            setUp(longPing());
            connect(token(60));
            advance(Duration.ofSeconds(84));
            assertNull(conn.closeCode);
            advance(Duration.ofSeconds(1));
            assertClosed(CentrifugoCloseCode.EXPIRED);
        }

        @Test
        void refreshWithAnExpiredTokenClosesWith3005() {
            connect(token(60));
            session.onFrame("{\"id\":2,\"refresh\":{\"token\":\"" + InMemoryBackend.token(USER, "acme", NOW_S - 5) + "\"}}");
            assertClosed(CentrifugoCloseCode.EXPIRED);
        }

        @Test
        void refreshWithAnInvalidTokenClosesWith3500() {
            connect(token(60));
            session.onFrame("{\"id\":2,\"refresh\":{\"token\":\"garbage\"}}");
            assertClosed(CentrifugoCloseCode.INVALID_TOKEN);
        }

        @Test
        void refreshWithAnotherUsersTokenClosesWith3500() {
            connect(token(60));
            session.onFrame("{\"id\":2,\"refresh\":{\"token\":\"" + InMemoryBackend.token("someone-else", "acme", NOW_S + 600) + "\"}}");
            assertClosed(CentrifugoCloseCode.INVALID_TOKEN);
        }

        @Test
        void refreshWithoutTokenClosesWith3501() {
            connect(token(60));
            session.onFrame("{\"id\":2,\"refresh\":{}}");
            assertClosed(CentrifugoCloseCode.BAD_REQUEST);
        }
    }

    // ------------------------------------------------------------------ close

    @Nested
    class Closing {

        @Test
        void shutdownClosesWith3001AndReleasesSubscriptions() {
            connect(token(600, "job:*"));
            send("{\"id\":2,\"subscribe\":{\"channel\":\"job:1\"}}");
            session.close(CentrifugoCloseCode.SHUTDOWN);
            assertClosed(CentrifugoCloseCode.SHUTDOWN);
            assertEquals(0, backend.subscriberCount("job:1"));
            session.close(CentrifugoCloseCode.SLOW); // idempotent: RecordingConnection fails on a second close
            deliver("job:1", 99, new byte[] {'{', '}'});
            session.onFrame("{\"id\":3,\"history\":{\"channel\":\"job:1\"}}");
            assertEquals(0, clock.pending());
        }

        @Test
        void transportCloseReleasesSubscriptionsWithoutSendingAClose() {
            connect(token(600));
            session.onTransportClosed();
            assertTrue(session.isClosed());
            assertNull(conn.closeCode);
            assertTrue(backend.disconnected.contains(session));
            assertEquals(0, backend.subscriberCount("exports:" + USER));
        }

        @Test
        void closeCodesMatchCentrifugo() {
            assertEquals(3500, CentrifugoCloseCode.INVALID_TOKEN.code());
            assertEquals(3507, CentrifugoCloseCode.PERMISSION_DENIED.code());
            assertEquals(3012, CentrifugoCloseCode.NO_PONG.code());
            assertEquals(3008, CentrifugoCloseCode.SLOW.code());
            assertEquals(3001, CentrifugoCloseCode.SHUTDOWN.code());
            for (CentrifugoCloseCode c : CentrifugoCloseCode.values()) {
                assertEquals(c.code() < 3500, c.reconnect(), c::name);
            }
            for (CentrifugoErrorCode e : CentrifugoErrorCode.values()) {
                assertTrue(e.code() >= 100 && e.code() <= 112, e::name);
            }
        }
    }
}
