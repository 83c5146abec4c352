package io.herald.realtime.transport.ws;

import io.herald.realtime.auth.TokenExtractor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.List;

/**
 * The parts of a WebSocket upgrade request an endpoint needs. Kept only while the connection is accepted.
 *
 * @param path    the decoded path
 * @param uri     the request URI's query parameters
 * @param headers the request headers
 */
public record Handshake(String path, QueryStringDecoder uri, HttpHeaders headers) {

    /**
     * The connection token: {@code ?token=}, then {@code Authorization: Bearer}, then the session cookie.
     *
     * @return the token, or null
     */
    public String token() {
        List<String> query = uri.parameters().get("token");
        if (query != null && !query.isEmpty() && !query.get(0).isBlank()) {
            return query.get(0);
        }
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).trim();
            if (!bearer.isEmpty()) {
                return bearer;
            }
        }
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                if (cookie.name().equals(TokenExtractor.SESSION_COOKIE) && !cookie.value().isBlank()) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    /**
     * @param prefix a path prefix ending in {@code /}, e.g. {@code /ws/jobs/}
     * @return the decoded path segment after the prefix, or null when the path is not the prefix plus one segment
     */
    public String segmentAfter(String prefix) {
        return segmentAfter(path, prefix);
    }

    /**
     * @param path   a path
     * @param prefix a path prefix ending in {@code /}
     * @return the path segment after the prefix (non-empty, no further {@code /}), or null
     */
    public static String segmentAfter(String path, String prefix) {
        if (!path.startsWith(prefix) || path.length() == prefix.length() || path.indexOf('/', prefix.length()) >= 0) {
            return null;
        }
        return path.substring(prefix.length());
    }
}
