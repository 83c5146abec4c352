/**
 * Brute-force protection for the socket-token and login endpoints: {@link io.herald.auth.ratelimit.RateLimiter}
 * (fixed-window counters, framework-free) and {@link io.herald.auth.ratelimit.RequestLimits}, which applies one limit
 * per client IP and one per credential (API-key prefix or e-mail) and answers 429 with {@code Retry-After}.
 */
package io.herald.auth.ratelimit;
