/**
 * {@code GET /metrics} in the Prometheus text format on every service ({@link io.herald.support.metrics.PrometheusMetricsEndpoint}).
 */
package io.herald.support.metrics;
