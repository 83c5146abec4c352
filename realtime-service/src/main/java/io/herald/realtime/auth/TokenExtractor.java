package io.herald.realtime.auth;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import java.util.Optional;

/**
 * Finds the connection token of a WebSocket upgrade request: {@code ?token=}, then {@code Authorization: Bearer},
 * then the auth-service session cookie {@code herald_session}.
 */
public final class TokenExtractor {

    /** Name of the auth-service session cookie (docs/internal-contracts.md). */
    public static final String SESSION_COOKIE = "herald_session";

    private TokenExtractor() {
    }

    /**
     * @param request the upgrade request
     * @return the token, if the request carries one
     */
    public static Optional<String> from(HttpRequest<?> request) {
        Optional<String> query = request.getParameters().getFirst("token").filter(t -> !t.isBlank());
        if (query.isPresent()) {
            return query;
        }
        Optional<String> bearer = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).trim())
            .filter(t -> !t.isEmpty());
        if (bearer.isPresent()) {
            return bearer;
        }
        return request.getCookies().findCookie(SESSION_COOKIE).map(Cookie::getValue).filter(t -> !t.isBlank());
    }
}
