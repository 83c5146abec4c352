/**
 * Plumbing every Herald service shares, and nothing domain-specific: problem+json errors
 * ({@code support.problem}), configured API keys ({@code support.apikey}), token verification
 * ({@code support.token}), background Flyway start-up ({@code support.db}), CORS ({@code support.cors}), the event
 * catalogue the service runs with ({@code support.catalog}) and {@code /metrics} in the Prometheus format
 * ({@code support.metrics}).
 */
package io.herald.support;
