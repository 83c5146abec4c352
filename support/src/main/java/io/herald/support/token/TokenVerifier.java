package io.herald.support.token;

import java.util.concurrent.CompletableFuture;

/**
 * Verifies a token and returns its claims. Implementations are thread-safe.
 */
public interface TokenVerifier {

    /**
     * Verifies on the calling thread. May block while fetching signing keys: never call it on a Netty event loop;
     * use {@link #verifyAsync(String)} there.
     *
     * @param token the compact JWT
     * @return its claims
     * @throws InvalidTokenException when the token must be refused
     */
    Claims verify(String token) throws InvalidTokenException;

    /**
     * Verifies without blocking the caller: completes at once when the signing key is known, otherwise fetches the
     * keys on another executor. Fails with {@link InvalidTokenException} (possibly wrapped in a
     * {@link java.util.concurrent.CompletionException}) when the token must be refused.
     *
     * @param token the compact JWT
     * @return its claims
     */
    CompletableFuture<Claims> verifyAsync(String token);
}
