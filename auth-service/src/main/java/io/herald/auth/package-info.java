/**
 * Herald auth-service: users, API keys, socket JWTs, session cookie, JWKS.
 *
 * <p>Where to start: {@code token.SocketTokenController} (API key → JWT), {@code token.TokenIssuer} (claims),
 * {@code keys.SigningKeyRing} (signing keys and rotation), {@code security.ConfiguredKeyAuthenticationFetcher}
 * (admin and server keys), {@code db.DatabaseBootstrap} (schema migration with retries).
 */
package io.herald.auth;
