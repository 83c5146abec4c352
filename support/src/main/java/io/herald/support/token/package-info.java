/**
 * Token verification shared by every service: {@link io.herald.support.token.TokenVerifier}, implemented by
 * {@link io.herald.support.token.JwksTokenVerifier} against Herald's JWKS and any trusted issuers, yielding
 * {@link io.herald.support.token.Claims}. Start at {@code JwksTokenVerifier}: its Javadoc lists every check.
 */
package io.herald.support.token;
