package io.herald.webhook.support;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real local webhook receiver (JDK HTTP server on 127.0.0.1) that records every request and answers with
 * scripted responses per path (then 200 once the script is used up).
 */
public final class Receiver implements AutoCloseable {

    /** One recorded request. */
    public record Request(String path, Map<String, String> headers, String body, long receivedAtMs) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** One scripted answer. */
    public record Reply(int status, Map<String, String> headers, String body, long delayMs) {
        public static Reply of(int status) {
            return new Reply(status, Map.of(), "", 0);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<Reply>> scripts = new ConcurrentHashMap<>();
    private volatile long defaultDelayMs;

    public Receiver() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/", ex -> {
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(path, headers, body, System.currentTimeMillis()));
            Queue<Reply> q = scripts.get(path);
            Reply r = q == null ? null : q.poll();
            if (r == null) {
                r = new Reply(200, Map.of(), "ok", defaultDelayMs);
            }
            if (r.delayMs() > 0) {
                try {
                    Thread.sleep(r.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
            try {
                ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
                if (b.length > 0) {
                    ex.getResponseBody().write(b);
                }
            } catch (java.io.IOException ignored) {
                // the client gave up (timeout test)
            }
            ex.close();
        });
        server.start();
    }

    /** @return URL of a path on this receiver */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Scripts the next answers for a path. */
    public void script(String path, Reply... replies) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(replies));
    }

    /** Delay of unscripted answers (slow receiver). */
    public void defaultDelay(long ms) {
        defaultDelayMs = ms;
    }

    /** @return requests received on a path, in order */
    public List<Request> requests(String path) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.path().equals(path)) {
                out.add(r);
            }
        }
        return out;
    }

    /** @return all requests */
    public List<Request> all() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
