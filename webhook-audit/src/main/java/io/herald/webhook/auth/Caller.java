package io.herald.webhook.auth;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.authentication.Authentication;

/**
 * The authenticated user behind a request: {@code sub} (user uuid) and {@code tenant} of the verified JWT.
 *
 * @param user   user uuid
 * @param tenant tenant
 */
public record Caller(String user, String tenant) {

    /**
     * @param auth verified authentication
     * @return the caller
     * @throws HttpStatusException 401 when the token lacks {@code tenant}
     */
    public static Caller of(Authentication auth) {
        Object tenant = auth.getAttributes().get("tenant");
        if (auth.getName() == null || auth.getName().isBlank() || !(tenant instanceof String t) || t.isBlank()) {
            throw new HttpStatusException(HttpStatus.UNAUTHORIZED, "token lacks the sub or tenant claim");
        }
        return new Caller(auth.getName(), t);
    }
}
