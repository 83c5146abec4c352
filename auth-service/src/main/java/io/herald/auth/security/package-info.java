/**
 * Who may call what: the admin key and the server API keys come from configuration
 * ({@link io.herald.auth.security.KeyProperties}) and are turned into the roles
 * {@link io.herald.auth.security.Roles#ADMIN} and {@link io.herald.auth.security.Roles#SERVER} by
 * {@link io.herald.auth.security.ConfiguredKeyAuthenticationFetcher}. User API keys never produce a role: they are
 * only exchanged for tokens at the socket endpoint.
 */
package io.herald.auth.security;
