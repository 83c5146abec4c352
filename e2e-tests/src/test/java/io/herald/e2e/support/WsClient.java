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
    private volatile java.time.Instant closedAt;
    private final List<java.util.function.Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private final Throwable handshakeError;

    private WsClient(String url, Map<String, String> headers) {
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        WebSocket ws = null;
        Throwable error = null;
        try {
            ws = b.buildAsync(URI.create(url), new Listener()).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A refused upgrade (e.g. HTTP 401 instead of the documented close code) is recorded, not thrown,
            // so the scenario's assertion can say what the server did instead.
            error = e.getCause() == null ? e : e.getCause();
            closeCode.complete(-2);
        }
        this.socket = ws;
        this.handshakeError = error;
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
                        JsonNode frame;
                        try {
                            frame = JSON.readTree(line);
                        } catch (Exception e) {
                            frame = JSON.getNodeFactory().textNode(line);
                        }
                        received.add(frame);
                        for (java.util.function.Consumer<JsonNode> listener : listeners) {
                            listener.accept(frame);
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
            closedAt = java.time.Instant.now();
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
        if (socket == null) {
            throw new AssertionError("no connection: the upgrade was refused: " + handshakeError);
        }
        socket.sendText(text, true).join();
    }

    /** Whether the WebSocket upgrade succeeded. */
    public boolean opened() {
        return socket != null;
    }

    /** Why the upgrade failed (null when it succeeded). */
    public Throwable handshakeError() {
        return handshakeError;
    }

    /** Herald protocol frames that are not events (they may carry an {@code offset} too, e.g. {@code subscribed}). */
    private static final java.util.Set<String> PROTOCOL_FRAMES = java.util.Set.of(
            "connected", "subscribed", "unsubscribed", "pong", "error");

    /** Whether {@code frame} is a delivered event (not a protocol frame) carrying its offset. */
    public static boolean isEvent(JsonNode frame) {
        return frame.has("offset") && !PROTOCOL_FRAMES.contains(frame.path("type").asText());
    }

    /** The events received on {@code channel}, in order. */
    public List<JsonNode> events(String channel) {
        return received(n -> isEvent(n) && channel.equals(n.path("channel").asText()));
    }

    /** Waits until at least {@code count} events have arrived on {@code channel}, and returns them all. */
    public List<JsonNode> awaitEvents(String channel, int count, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).until(() -> events(channel).size() >= count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("expected " + count + " events on " + channel + " within " + timeout
                    + ", got " + events(channel).size() + "; all frames: " + received + describeClose(), e);
        }
        return events(channel);
    }

    /**
     * Sends {@code frame} (a {@code String} as is, anything else as JSON) and waits for the first frame after it
     * matching {@code answer}.
     */
    public JsonNode sendAndAwait(Object frame, Predicate<JsonNode> answer, Duration timeout) {
        int before = received.size();
        if (frame instanceof String text) {
            send(text);
        } else {
            sendJson(frame);
        }
        try {
            Awaitility.await().atMost(timeout).until(() -> received.stream().skip(before).anyMatch(answer));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no answer to " + frame + "; frames " + received + describeClose(), e);
        }
        return received.stream().skip(before).filter(answer).findFirst().orElseThrow();
    }

    /** Waits for the {@code connected} frame and returns it. */
    public JsonNode awaitConnected(Duration timeout) {
        try {
            return await(field("type", "connected"), timeout);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no connected frame within " + timeout + "; frames " + received + describeClose(), e);
        }
    }

    /** Sends a subscribe frame and waits for its {@code subscribed} answer (fails on an error frame). */
    public void subscribe(String channel, Long since, Duration timeout) {
        var frame = Json.object().put("type", "subscribe").put("channel", channel);
        if (since != null) {
            frame.put("since", since);
        }
        int before = received.size();
        send(Json.write(frame));
        try {
            Awaitility.await().atMost(timeout).until(() -> received.stream().skip(before).anyMatch(n ->
                    "subscribed".equals(n.path("type").asText()) && channel.equals(n.path("channel").asText())
                            || "error".equals(n.path("type").asText())));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no answer to subscribe " + channel + "; frames " + received + describeClose(), e);
        }
        received.stream().skip(before).filter(field("type", "error")).findFirst().ifPresent(err -> {
            throw new AssertionError("subscribe " + channel + " refused: " + err);
        });
    }

    private String describeClose() {
        if (handshakeError != null) {
            return "; upgrade refused: " + handshakeError;
        }
        return closeCode.isDone() ? "; closed with " + closeCode.getNow(0) + " " + closeReason : "";
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

    /**
     * Waits for the close code; a refused upgrade fails with the HTTP status the server answered instead,
     * since browsers cannot see that status (close codes, not handshake errors).
     */
    public int awaitCloseCode(Duration timeout) {
        if (handshakeError != null) {
            throw new AssertionError("the WebSocket upgrade was refused (" + handshakeError
                    + ") where a close code was expected");
        }
        return awaitClose(timeout);
    }

    /**
     * Calls {@code listener} with every frame received from now on, the way an application reacts to a frame. It runs
     * on the WebSocket's thread: hand blocking work (an HTTP call) to another thread.
     */
    public void onFrame(java.util.function.Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /** When the server's close frame arrived (null while open). */
    public java.time.Instant closedAt() {
        return closedAt;
    }

    public boolean closed() {
        return closeCode.isDone();
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        if (socket != null && !closeCode.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            socket.abort();
        }
    }

    /** Predicate: a frame whose {@code field} equals {@code value} as text. */
    public static Predicate<JsonNode> field(String field, String value) {
        return n -> n.hasNonNull(field) && n.get(field).asText().equals(value);
    }
}
