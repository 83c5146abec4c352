/**
 * Caller authentication: Herald tokens (bearer) and user API keys exchanged for tokens, both verified by the shared
 * {@code io.herald.support.token.TokenVerifier} ({@link io.herald.webhook.auth.ApiKeyAuthenticationFetcher}).
 */
package io.herald.webhook.auth;
