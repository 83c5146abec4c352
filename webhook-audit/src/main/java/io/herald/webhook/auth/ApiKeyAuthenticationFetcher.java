package io.herald.webhook.auth;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Authenticates callers that present a user API key ({@code Authorization: apikey <key>} or {@code X-API-Key}):
 * exchanges it at {@code POST {HERALD_AUTH_URL}/api/public/auth/socket} ({@code X-AUTH-TOKEN}) for a JWT and
 * verifies that JWT like a bearer token. Exchanged tokens are cached briefly under a hash of the key; the key
 * itself is never stored or logged.
 */
@Singleton
public class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    private record Cached(String token, Instant until) {
    }

    private final List<TokenValidator<HttpRequest<?>>> validators;
    private final AuthConfig config;
    private final HttpClient client;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param validators the JWT validators (JWKS)
     * @param config     settings
     * @throws Exception when the auth URL is malformed
     */
    public ApiKeyAuthenticationFetcher(List<TokenValidator<HttpRequest<?>>> validators, AuthConfig config)
            throws Exception {
        this.validators = validators;
        this.config = config;
        this.client = HttpClient.create(new URL(config.url()));
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String key = apiKey(request);
        if (key == null) {
            return Mono.empty();
        }
        String hash = hash(key);
        Cached c = cache.get(hash);
        Mono<String> token;
        if (c != null && c.until().isAfter(Instant.now())) {
            token = Mono.just(c.token());
        } else {
            HttpRequest<?> exchange = HttpRequest.POST("/api/public/auth/socket", Map.of()).header("X-AUTH-TOKEN", key);
            token = Mono.from(client.retrieve(exchange, Map.class))
                    .flatMap(m -> m.get("token") instanceof String t ? Mono.just(t) : Mono.<String>empty())
                    .doOnNext(t -> remember(hash, t))
                    .onErrorResume(e -> Mono.empty());
        }
        return token.flatMap(t -> Flux.fromIterable(validators).concatMap(v -> v.validateToken(t, request)).next());
    }

    private void remember(String hash, String token) {
        if (cache.size() >= config.apiKeyCache()) {
            Instant now = Instant.now();
            cache.values().removeIf(c -> c.until().isBefore(now));
            if (cache.size() >= config.apiKeyCache()) {
                cache.clear();
            }
        }
        cache.put(hash, new Cached(token, Instant.now().plus(config.apiKeyTtl())));
    }

    static String apiKey(HttpRequest<?> request) {
        String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "apikey ", 0, 7)) {
            String k = auth.substring(7).trim();
            return k.isEmpty() ? null : k;
        }
        String x = request.getHeaders().get("X-API-Key");
        return x == null || x.isBlank() ? null : x.trim();
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
