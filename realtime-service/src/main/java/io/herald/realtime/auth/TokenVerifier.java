package io.herald.realtime.auth;

/**
 * Verifies a connection token and returns its claims.
 */
public interface TokenVerifier {

    /**
     * @param token the compact JWT
     * @return its claims
     * @throws InvalidTokenException when the token must be refused
     */
    Claims verify(String token) throws InvalidTokenException;
}
