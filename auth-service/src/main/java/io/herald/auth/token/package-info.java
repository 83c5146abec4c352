/**
 * Socket tokens: {@link io.herald.auth.token.TokenIssuer} mints ES256 JWTs with the claims pinned in
 * docs/internal-contracts.md; {@link io.herald.auth.token.SocketTokenController} exchanges a user's API key for one
 * ({@code POST /api/public/auth/socket}); {@link io.herald.auth.token.ServerTokenController} mints tokens with
 * channel grants for server callers ({@code POST /api/tokens}); {@link io.herald.auth.token.Grants} validates grants.
 */
package io.herald.auth.token;
