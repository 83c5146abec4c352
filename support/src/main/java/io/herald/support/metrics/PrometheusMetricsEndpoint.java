package io.herald.support.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.configuration.metrics.management.endpoint.MetricsEndpoint;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;

/**
 * {@code GET /metrics} in the Prometheus text format, the path a Prometheus server scrapes by default: the same
 * answer as {@code /prometheus}, on every service and on the platform. It takes the place of Micronaut's JSON
 * metrics endpoint; its settings keep that endpoint's id ({@code endpoints.metrics.enabled},
 * {@code endpoints.metrics.sensitive}).
 */
@Endpoint(id = "metrics", defaultSensitive = false)
@Replaces(MetricsEndpoint.class)
@Requires(classes = PrometheusMeterRegistry.class)
@Requires(beans = PrometheusMeterRegistry.class)
public class PrometheusMetricsEndpoint {

    /** The Prometheus text exposition format, version 0.0.4 (what Prometheus asks for by default). */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    /**
     * @param registry the Prometheus registry every meter is registered with
     */
    public PrometheusMetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** @return every meter, in the Prometheus text format */
    @Read(produces = CONTENT_TYPE)
    public String scrape() {
        return registry.scrape();
    }
}
