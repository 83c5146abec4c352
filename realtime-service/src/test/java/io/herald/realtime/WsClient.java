package io.herald.realtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that records text frames and the close code. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final boolean reading;
    private WebSocket socket;

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    public static WsClient connect(String url) {
        return connect(url, true, null);
    }

    /**
     * @param reading false for a client that never reads after the handshake (slow-client tests)
     */
    public static WsClient connect(String url, boolean reading, String cookie) {
        WsClient client = new WsClient(reading);
        // a client that stops reading gets its own HttpClient, so its stalled connection shares nothing with the others
        HttpClient http = reading ? HTTP : HttpClient.newHttpClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        client.socket = builder.buildAsync(URI.create(url), client).join();
        return client;
    }

    public static WsClient connectWithHeader(String url, String name, String value) {
        WsClient client = new WsClient(true);
        client.socket = HTTP.newWebSocketBuilder().header(name, value).buildAsync(URI.create(url), client).join();
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(reading ? Long.MAX_VALUE : 1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (!reading && !last) {
            webSocket.request(1); // a non-reading client still completes the message it started
        }
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    public CompletableFuture<WebSocket> sendAsync(String text) {
        return socket.sendText(text, true);
    }

    /** Lets a non-reading client read again. */
    public void resume() {
        socket.request(Long.MAX_VALUE);
    }

    public String next() throws InterruptedException {
        String frame = frames.poll(20, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 20 s");
        }
        return frame;
    }

    /** Next frame whose text contains {@code part}, skipping others. */
    public String nextContaining(String part) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String frame = frames.poll(1, TimeUnit.SECONDS);
            if (frame != null && frame.contains(part)) {
                return frame;
            }
        }
        throw new AssertionError("no frame containing " + part + " within 20 s");
    }

    public int closeCode() {
        return closed.orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
