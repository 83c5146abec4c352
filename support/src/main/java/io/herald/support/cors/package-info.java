/**
 * Cross-origin access for browsers: {@link io.herald.support.cors.CorsSettings} ({@code HERALD_CORS_ORIGINS}) applied
 * to Micronaut's CORS filter by {@link io.herald.support.cors.CorsConfigurer}.
 */
package io.herald.support.cors;
