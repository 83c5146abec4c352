/**
 * User API keys: {@link io.herald.auth.apikey.ApiKeyFormat} (how a key looks, how it is hashed),
 * {@link io.herald.auth.apikey.ApiKeyService} (issue, authenticate, revoke) and their PostgreSQL storage.
 * Start with {@code ApiKeyFormat}.
 */
package io.herald.auth.apikey;
