package io.herald.realtime.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link TokenVerifier} on the verifier every Herald service shares ({@link io.herald.support.token.JwksTokenVerifier}:
 * ES256/RS256 only, {@code iss}, {@code exp}, {@code iat} not in the future beyond the skew, {@code sub} a UUID,
 * trusted issuers), translated to this service's {@link Claims} and {@link InvalidTokenException}; a token that
 * {@link Revocations} holds revoked is refused like an invalid one.
 */
public final class JwksTokenVerifier implements TokenVerifier {

    private final io.herald.support.token.TokenVerifier shared;
    private final Revocations revocations;

    /**
     * @param shared      the shared verifier
     * @param revocations revoked keys and users: their tokens are refused like invalid ones
     */
    public JwksTokenVerifier(io.herald.support.token.TokenVerifier shared, Revocations revocations) {
        this.shared = shared;
        this.revocations = revocations;
    }

    @Override
    public Claims verify(String token) throws InvalidTokenException {
        try {
            return notRevoked(Claims.of(shared.verify(token)));
        } catch (io.herald.support.token.InvalidTokenException e) {
            throw new InvalidTokenException(e.getMessage(), e.expired());
        }
    }

    private Claims notRevoked(Claims claims) throws InvalidTokenException {
        if (revocations.revoked(claims.sessionToken())) {
            throw new InvalidTokenException("the token was revoked", false);
        }
        return claims;
    }

    @Override
    public CompletableFuture<Claims> verifyAsync(String token) {
        return shared.verifyAsync(token).handle((claims, failure) -> {
            if (failure == null) {
                try {
                    return notRevoked(Claims.of(claims));
                } catch (InvalidTokenException e) {
                    throw new CompletionException(e);
                }
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
