package io.herald.realtime.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link TokenVerifier} on the verifier every Herald service shares ({@link io.herald.support.token.JwksTokenVerifier}:
 * ES256/RS256 only, {@code iss}, {@code exp}, {@code iat} not in the future beyond the skew, {@code sub} a UUID,
 * trusted issuers), translated to this service's {@link Claims} and {@link InvalidTokenException}.
 */
public final class JwksTokenVerifier implements TokenVerifier {

    private final io.herald.support.token.TokenVerifier shared;

    /** @param shared the shared verifier */
    public JwksTokenVerifier(io.herald.support.token.TokenVerifier shared) {
        this.shared = shared;
    }

    @Override
    public Claims verify(String token) throws InvalidTokenException {
        try {
            return Claims.of(shared.verify(token));
        } catch (io.herald.support.token.InvalidTokenException e) {
            throw new InvalidTokenException(e.getMessage(), e.expired());
        }
    }

    @Override
    public CompletableFuture<Claims> verifyAsync(String token) {
        return shared.verifyAsync(token).handle((claims, failure) -> {
            if (failure == null) {
                return Claims.of(claims);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            if (cause instanceof io.herald.support.token.InvalidTokenException e) {
                throw new CompletionException(new InvalidTokenException(e.getMessage(), e.expired()));
            }
            throw new CompletionException(cause);
        });
    }
}
