package io.herald.realtime.bench;

import io.herald.realtime.TestKeys;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Hand-run load generator (not a test): starts the realtime-service jar as a child process against the local NATS,
 * opens N WebSocket clients subscribed to one channel, measures the server's heap per idle connection, then publishes
 * at a fixed rate through JetStream and reports deliveries/s and publish→receive latency percentiles.
 *
 * <pre>
 * ./mvnw -B -q -pl realtime-service install -DskipTests
 * java -cp "realtime-service/target/test-classes:$(cat /tmp/rt-cp.txt)" io.herald.realtime.bench.LoadBench 1000 100 20
 * </pre>
 * (arguments: clients, events per second, seconds; the class path file comes from {@code dependency:build-classpath}).
 */
public final class LoadBench {

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String jar = System.getProperty("jar", "realtime-service/target/realtime-service-0.1.0.jar");
        String natsUrl = System.getenv().getOrDefault("HERALD_NATS_URL", "nats://127.0.0.1:4222");
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        int port = 18_000 + (int) (Math.random() * 1000);
        try (TestKeys keys = new TestKeys(); Connection nats = Nats.connect(natsUrl)) {
            ProcessBuilder pb = new ProcessBuilder("java", "-Xmx1g", "-XX:+UseG1GC", "-jar", jar).redirectErrorStream(true);
            pb.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
            pb.environment().put("HERALD_STREAM", "HERALD_BENCH_" + run);
            pb.environment().put("HERALD_SUBJECT_PREFIX", "herald_bench_" + run);
            pb.environment().put("HERALD_AUTH_JWKS_URL", keys.jwksUrl());
            pb.environment().put("HERALD_NATS_URL", natsUrl);
            pb.environment().put("HERALD_REALTIME_LIMITS_CONNECTIONS_PER_USER", String.valueOf(clients + 10));
            Process server = pb.start();
            Thread logger = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream()))) {
                    in.lines().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Startup")).forEach(System.out::println);
                } catch (Exception ignored) {
                    // process ended
                }
            });
            logger.setDaemon(true);
            logger.start();
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                        break;
                    }
                } catch (Exception notYet) {
                    // starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("server did not become ready");
                }
                Thread.sleep(250);
            }
            long pid = server.pid();
            long heapBefore = usedHeapAfterGc(pid);

            String token = keys.token(UUID.randomUUID().toString(), "bench", List.of(), Duration.ofHours(1));
            int total = rate * seconds;
            AtomicLongArray latencies = new AtomicLongArray(clients * total + 1);
            AtomicLong received = new AtomicLong();
            CountDownLatch subscribed = new CountDownLatch(clients);
            List<WebSocket> sockets = new ArrayList<>();
            HttpClient wsHttp = HttpClient.newHttpClient();
            for (int i = 0; i < clients; i++) {
                WebSocket ws = wsHttp.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token),
                    new Listener(latencies, received, subscribed)).join();
                sockets.add(ws);
                ws.sendText("{\"type\":\"subscribe\",\"channel\":\"order_changes\"}", true);
            }
            if (!subscribed.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not all clients subscribed");
            }
            long heapConnected = usedHeapAfterGc(pid);
            System.out.printf("connections: %d held; server heap after GC %.1f MB idle -> %.1f MB connected = %.1f KB per connection%n",
                clients, heapBefore / 1e6, heapConnected / 1e6, (heapConnected - heapBefore) / 1024.0 / clients);

            JetStream js = nats.jetStream();
            String subject = "herald_bench_" + run + ".ch.order_changes@bench";
            long start = System.nanoTime();
            for (int n = 0; n < total; n++) {
                long due = start + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String event = "{\"event\":\"order:updated\",\"data\":{\"id\":" + n + ",\"sent\":" + System.nanoTime()
                    + ",\"changed_fields\":{\"status\":\"paid\"}},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}";
                js.publishAsync(subject, event.getBytes(StandardCharsets.UTF_8));
            }
            long expected = (long) clients * total;
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.get() < expected && System.nanoTime() < waitUntil) {
                Thread.sleep(100);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long count = received.get();
            long[] sorted = new long[(int) Math.min(count, latencies.length())];
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] = latencies.get(i);
            }
            Arrays.sort(sorted);
            System.out.printf("deliveries: %d of %d in %.1f s = %.0f/s; publish->receive p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                count, expected, elapsed, count / elapsed, pct(sorted, 0.50), pct(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
            String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            System.out.printf("server side (stream timestamp -> handed to sessions, histogram buckets): p50 <= %s s, p99 <= %s s%n",
                bucket(metrics, 0.50), bucket(metrics, 0.99));
            sockets.forEach(WebSocket::abort);
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
            nats.jetStreamManagement().deleteStream("HERALD_BENCH_" + run);
        }
        System.exit(0);
    }

    /** Upper bound of the histogram bucket holding quantile q of herald_publish_deliver_latency_seconds. */
    static String bucket(String metrics, double q) {
        List<double[]> buckets = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("herald_publish_deliver_latency_seconds_bucket{")) {
                int le = line.indexOf("le=\"") + 4;
                String bound = line.substring(le, line.indexOf('"', le));
                double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                buckets.add(new double[] {bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), count});
            }
        }
        if (buckets.isEmpty()) {
            return "n/a";
        }
        double total = buckets.get(buckets.size() - 1)[1];
        for (double[] b : buckets) {
            if (b[1] >= q * total) {
                return String.valueOf(b[0]);
            }
        }
        return "+Inf";
    }

    static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    static long usedHeapAfterGc(long pid) throws Exception {
        new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").start().waitFor();
        Thread.sleep(500);
        Process info = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor();
        // "garbage-first heap   total 65536K, used 23456K"
        int used = out.indexOf("used ");
        int k = out.indexOf('K', used);
        return Long.parseLong(out.substring(used + 5, k).trim()) * 1024;
    }

    static final class Listener implements WebSocket.Listener {
        final AtomicLongArray latencies;
        final AtomicLong received;
        final CountDownLatch subscribed;
        final StringBuilder partial = new StringBuilder();

        Listener(AtomicLongArray latencies, AtomicLong received, CountDownLatch subscribed) {
            this.latencies = latencies;
            this.received = received;
            this.subscribed = subscribed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                String text = partial.toString();
                partial.setLength(0);
                int sent = text.indexOf("\"sent\":");
                if (sent >= 0) {
                    int end = text.indexOf(',', sent);
                    long at = Long.parseLong(text.substring(sent + 7, end));
                    long i = received.getAndIncrement();
                    if (i < latencies.length()) {
                        latencies.set((int) i, now - at);
                    }
                } else if (text.contains("\"subscribed\"")) {
                    subscribed.countDown();
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            System.out.println("client closed: " + code + " " + reason);
            return CompletableFuture.completedFuture(null);
        }
    }
}
