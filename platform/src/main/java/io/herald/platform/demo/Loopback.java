package io.herald.platform.demo;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the platform's own public HTTP API, so the demo uses exactly what an application's backend uses (admin
 * API, socket tokens, publish API) and keeps no private path into the services.
 */
@Singleton
final class Loopback {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String baseUrl;
    private final JsonMapper json;

    Loopback(@Value("${herald.platform.self-url}") String baseUrl, JsonMapper json) {
        this.baseUrl = baseUrl;
        this.json = json;
    }

    /** A JSON answer: status and parsed body (empty map when the body is not a JSON object). */
    record Answer(int status, Map<String, Object> body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    CompletableFuture<Answer> post(String path, Map<String, String> headers, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(write(body)));
        headers.forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
            .thenApply(response -> new Answer(response.statusCode(), read(response.body())));
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(byte[] body) {
        try {
            Object value = body.length == 0 ? null : json.readValue(body, Object.class);
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }
}
