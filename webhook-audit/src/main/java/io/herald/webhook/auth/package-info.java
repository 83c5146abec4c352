/**
 * Caller authentication: JWTs verified against the auth-service JWKS (micronaut-security-jwt) and user API keys
 * exchanged for JWTs ({@link io.herald.webhook.auth.ApiKeyAuthenticationFetcher}).
 */
package io.herald.webhook.auth;
