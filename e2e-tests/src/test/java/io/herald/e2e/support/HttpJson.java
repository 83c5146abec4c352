package io.herald.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON-over-HTTP client for driving Herald's public HTTP APIs from e2e scenarios. */
public final class HttpJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: status, headers and the body parsed as JSON (a missing node when empty). */
    public record Response(int status, java.net.http.HttpHeaders headers, JsonNode body, String raw) {
    }

    private HttpJson() {
    }

    public static Response post(String url, Object body, Map<String, String> headers) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json"), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Response put(String url, Object body, Map<String, String> headers) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json"), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Response get(String url, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), headers);
    }

    private static Response send(HttpRequest.Builder b, Map<String, String> headers) {
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = r.body() == null || r.body().isBlank() ? JSON.missingNode() : parse(r.body());
            return new Response(r.statusCode(), r.headers(), node, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
