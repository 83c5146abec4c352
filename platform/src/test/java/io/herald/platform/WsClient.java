package io.herald.platform;

import static org.awaitility.Awaitility.await;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) that keeps every text frame, parsed as JSON, in arrival order, and the close
 * code the server sent.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final List<Map<String, Object>> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile Integer closeCode;
    private WebSocket socket;

    private WsClient() {
    }

    /**
     * @param url     {@code ws://…}
     * @param headers header name/value pairs sent with the handshake (a {@code Cookie}, say)
     * @return the open connection
     */
    static WsClient connect(String url, String... headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            client.socket = builder.buildAsync(URI.create(url), client).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("WebSocket handshake with " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readValue(partial.toString(), Argument.mapOf(String.class, Object.class)));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeCode = statusCode;
        return null;
    }

    /** Sends one JSON text frame. */
    void send(Map<String, ?> frame) {
        try {
            socket.sendText(new String(JSON.writeValueAsBytes(frame), java.nio.charset.StandardCharsets.UTF_8), true)
                .get(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("send failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the first frame that {@code matches}, and returns it. */
    Map<String, Object> awaitFrame(Predicate<Map<String, Object>> matches, Duration patience) {
        await().atMost(patience).until(() -> frames.stream().anyMatch(matches));
        return frames.stream().filter(matches).findFirst().orElseThrow();
    }

    /** @return the frames of type {@code type} ({@code connected}, {@code subscribed}, {@code pong}, …) */
    List<Map<String, Object>> ofType(String type) {
        return frames.stream().filter(f -> type.equals(f.get("type")) && !f.containsKey("offset")).toList();
    }

    /** @return the events (frames that carry an offset) of {@code channel}, in arrival order */
    List<Map<String, Object>> events(String channel) {
        return events().stream().filter(f -> channel.equals(f.get("channel"))).toList();
    }

    /** @return every event (frames that carry an offset), in arrival order */
    List<Map<String, Object>> events() {
        return frames.stream().filter(f -> f.containsKey("offset")).toList();
    }

    /** @return the channel names listed by a {@code connected} frame */
    static List<String> channels(Map<String, Object> connected) {
        return ((List<?>) connected.get("channels")).stream().map(Object::toString).toList();
    }

    /** @return the close code the server sent, or {@code null} while open */
    Integer closeCode() {
        return closeCode;
    }

    @Override
    public void close() {
        if (closeCode == null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        socket.abort();
    }

    /** @return {@code frame.path} as text ({@code "data.changed_fields.status"}), or {@code null} */
    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> frame, String path) {
        Object value = frame;
        for (String key : path.split("\\.")) {
            if (!(value instanceof Map)) {
                return null;
            }
            value = ((Map<String, Object>) value).get(key);
        }
        return value == null ? null : value.toString();
    }
}
