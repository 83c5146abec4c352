package io.herald.realtime.auth;

import java.util.concurrent.CompletableFuture;

/**
 * Verifies a connection token and returns its claims.
 */
public interface TokenVerifier {

    /**
     * May block while signing keys are fetched: call it off the Netty event loop, or use {@link #verifyAsync}.
     *
     * @param token the compact JWT
     * @return its claims
     * @throws InvalidTokenException when the token must be refused
     */
    Claims verify(String token) throws InvalidTokenException;

    /**
     * Never blocks the caller: completes at once when the signing key is cached, otherwise fetches keys on a blocking
     * pool. Fails with {@link InvalidTokenException} (possibly inside a
     * {@link java.util.concurrent.CompletionException}) when the token must be refused.
     *
     * @param token the compact JWT
     * @return its claims
     */
    CompletableFuture<Claims> verifyAsync(String token);
}
