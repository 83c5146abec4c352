/**
 * Plumbing every Herald service shares, and nothing domain-specific: problem+json errors
 * ({@code support.problem}), configured API keys ({@code support.apikey}), token verification
 * ({@code support.token}), background Flyway start-up ({@code support.db}) and CORS ({@code support.cors}).
 */
package io.herald.support;
