package io.herald.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real WebSocket client (JDK {@code java.net.http}) that records every text frame it receives as JSON
 * and the close code, for assertions with Awaitility.
 */
public final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final WebSocket socket;

    private WsClient(String url, Map<String, String> headers) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        this.socket = b.buildAsync(URI.create(url), new Listener()).join();
    }

    /** Connects to {@code url} (which may carry {@code ?token=}) with the given extra upgrade headers. */
    public static WsClient connect(String url, Map<String, String> headers) {
        return new WsClient(url, headers);
    }

    public static WsClient connect(String url) {
        return new WsClient(url, Map.of());
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        try {
                            received.add(JSON.readTree(line));
                        } catch (Exception e) {
                            received.add(JSON.getNodeFactory().textNode(line));
                        }
                    }
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closeCode.complete(-1);
        }
    }

    /** Sends one text frame. */
    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends {@code value} serialised as JSON. */
    public void sendJson(Object value) {
        try {
            send(JSON.writeValueAsString(value));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Everything received so far, in order. */
    public List<JsonNode> received() {
        return new ArrayList<>(received);
    }

    /** Received frames that match {@code filter}, in order. */
    public List<JsonNode> received(Predicate<JsonNode> filter) {
        return received.stream().filter(filter).toList();
    }

    /** Waits (at most {@code timeout}) for a frame matching {@code filter} and returns the first one. */
    public JsonNode await(Predicate<JsonNode> filter, Duration timeout) {
        Awaitility.await().atMost(timeout).until(() -> received.stream().anyMatch(filter));
        return received.stream().filter(filter).findFirst().orElseThrow();
    }

    /** Waits for the server to close the connection and returns the close code (-1 on a transport error). */
    public int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + timeout + "; received " + received, e);
        }
    }

    public boolean closed() {
        return closeCode.isDone();
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            socket.abort();
        }
    }

    /** Predicate: a frame whose {@code field} equals {@code value} as text. */
    public static Predicate<JsonNode> field(String field, String value) {
        return n -> n.hasNonNull(field) && n.get(field).asText().equals(value);
    }
}
