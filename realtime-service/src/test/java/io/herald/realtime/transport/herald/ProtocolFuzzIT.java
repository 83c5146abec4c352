package io.herald.realtime.transport.herald;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and garbled client frames: each is answered (error, pong, subscribed or unsubscribed frame) or
 * leads to a documented close; the server never crashes and another connection keeps working throughout.
 */
class ProtocolFuzzIT {

    static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    static final Set<Integer> DOCUMENTED_CLOSES = Set.of(1009, 4029);
    static final List<String> TEMPLATES = List.of(
        "{\"type\":\"ping\"}",
        "{\"type\":\"subscribe\",\"channel\":\"order_changes\"}",
        "{\"type\":\"subscribe\",\"channel\":\"job:1\",\"since\":3}",
        "{\"type\":\"unsubscribe\",\"channel\":\"order_changes\"}",
        "{\"type\":\"subscribe\",\"channel\":\"workbook:acme:w\"}");

    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of(
            "herald.realtime.limits.messages-per-second", 1_000_000,
            "herald.realtime.limits.max-frame-bytes", 4096,
            "herald.realtime.limits.subscriptions-per-connection", 1_000));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    static String garble(Random random) {
        String base = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
        StringBuilder s = new StringBuilder(base);
        switch (random.nextInt(7)) {
            case 0 -> {
                int n = random.nextInt(40);
                s.setLength(0);
                for (int i = 0; i < n; i++) {
                    s.append((char) random.nextInt(0x3000));
                }
            }
            case 1 -> s.setLength(random.nextInt(s.length()));
            case 2 -> {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    String noise = "{}[]\":,\\ab1\u0000\u00e9";
                    s.setCharAt(random.nextInt(s.length()), noise.charAt(random.nextInt(noise.length())));
                }
            }
            case 3 -> s.insert(random.nextInt(s.length()), "{\"x\":".repeat(random.nextInt(200)));
            case 4 -> s.replace(s.indexOf("\"type\""), s.indexOf("\"type\"") + 6, "\"tYpe\"");
            case 5 -> s.append(" ").append(base);
            default -> { }
        }
        return s.length() == 0 ? " " : s.toString();
    }

    @Test
    void garbledFramesAreAnsweredOrClosedWithADocumentedCodeAndOthersAreUnaffected() throws Exception {
        Random random = new Random(SEED);
        String bystanderUser = UUID.randomUUID().toString();
        try (WsClient bystander = WsClient.connect(rt.ws("/ws", keys.token(bystanderUser, "acme", List.of(), Duration.ofMinutes(5))))) {
            bystander.next();
            int answered = 0;
            int connections = 0;
            int sent = 0;
            while (sent < 3_000) {
                connections++;
                try (WsClient fuzzer = WsClient.connect(rt.ws("/ws", keys.token(UUID.randomUUID().toString(), "acme", List.of(),
                    Duration.ofMinutes(5))))) {
                    fuzzer.next();
                    boolean open = true;
                    for (int i = 0; i < 500 && open; i++) {
                        String frame = random.nextInt(50) == 0 ? "{\"type\":\"ping\",\"p\":\"" + "y".repeat(5000) + "\"}" : garble(random);
                        fuzzer.send(frame);
                        sent++;
                        String answer = null;
                        while (answer == null && !fuzzer.closed.isDone()) {
                            answer = fuzzer.frames.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                        }
                        if (answer == null) {
                            assertThat(DOCUMENTED_CLOSES).as("seed %d, frame %s", SEED, frame).contains(fuzzer.closeCode());
                            open = false;
                        } else {
                            assertThat(answer).as("seed %d, frame %s", SEED, frame)
                                .containsAnyOf("\"type\":\"error\"", "\"type\":\"pong\"", "\"type\":\"subscribed\"",
                                    "\"type\":\"unsubscribed\"");
                            answered++;
                        }
                    }
                }
                bystander.send("{\"type\":\"ping\"}");
                assertThat(bystander.next()).contains("pong");
            }
            rt.publish("exports:" + bystanderUser, "{\"version\":\"v3-beta\",\"event\":\"job.finished\",\"guid\":\"g\","
                + "\"status\":\"done\",\"url\":null,\"details\":{\"guid\":\"g\",\"status\":\"done\",\"url\":null}}");
            assertThat(bystander.nextContaining("job.finished")).contains("\"offset\":");
            assertThat(answered).isGreaterThan(2_000);
            assertThat(connections).isGreaterThan(1);
        }
    }
}
