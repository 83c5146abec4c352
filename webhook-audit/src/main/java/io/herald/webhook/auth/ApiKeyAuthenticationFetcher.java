package io.herald.webhook.auth;

import io.herald.support.apikey.ConfiguredKeys;
import io.herald.support.token.Claims;
import io.herald.support.token.InvalidTokenException;
import io.herald.support.token.TokenVerifier;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Authenticates API callers with the shared {@link TokenVerifier}: a Herald token as {@code Authorization: Bearer},
 * or a user API key ({@code Authorization: apikey <key>} or {@code X-API-Key}), which is exchanged at
 * {@code POST {HERALD_AUTH_URL}/api/public/auth/socket} for a token that is then verified the same way. Exchanged
 * tokens are cached briefly under a hash of the key; the key itself is never stored or logged. A refused token is
 * logged at DEBUG, one line, no stack trace.
 */
@Singleton
public class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticationFetcher.class);

    private record Cached(String token, Instant until) {
    }

    private final TokenVerifier verifier;
    private final AuthConfig config;
    private final HttpClient client;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param verifier the shared token verifier
     * @param config   settings
     * @throws Exception when the auth URL is malformed
     */
    public ApiKeyAuthenticationFetcher(TokenVerifier verifier, AuthConfig config) throws Exception {
        this.verifier = verifier;
        this.config = config;
        this.client = HttpClient.create(URI.create(config.url()).toURL());
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String bearer = bearer(request);
        if (bearer != null) {
            return verify(bearer);
        }
        String key = ConfiguredKeys.presented(request);
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
        return token.flatMap(this::verify);
    }

    private Mono<Authentication> verify(String token) {
        return Mono.fromFuture(() -> verifier.verifyAsync(token)).map(ApiKeyAuthenticationFetcher::authentication)
            .onErrorResume(e -> {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof InvalidTokenException refused) {
                    LOG.debug("token refused: {}", refused.getMessage());
                } else {
                    LOG.warn("token could not be verified: {}", cause.toString());
                }
                return Mono.empty();
            });
    }

    static Authentication authentication(Claims claims) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (claims.tenant() != null) {
            attributes.put("tenant", claims.tenant());
        }
        if (claims.externalId() != null) {
            attributes.put("uid", claims.externalId());
        }
        if (claims.apiKeyId() != null) {
            attributes.put("akid", claims.apiKeyId());
        }
        attributes.put("iss", claims.issuer());
        return Authentication.build(claims.userId(), List.of(), attributes);
    }

    private static String bearer(HttpRequest<?> request) {
        String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = auth.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
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
