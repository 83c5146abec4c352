package io.herald.support.cors;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * Configures Micronaut's built-in CORS filter ({@code micronaut.server.cors}) from {@link CorsSettings}, so every
 * Herald service reads one variable, {@code HERALD_CORS_ORIGINS}, the same way.
 *
 * <p>With no origin configured CORS stays off: browsers then only let pages of the service's own origin read its
 * answers. With origins, exactly those may call, with credentials (the session cookie flow) and the headers in
 * {@link CorsSettings#ALLOWED_HEADERS}; any other origin's preflight is refused with 403. A bean listener rather than
 * YAML because the list comes from one comma-separated variable and must mean "nobody" when empty, while an empty
 * {@code allowed-origins} in Micronaut means "everybody".
 */
@Singleton
public class CorsConfigurer implements BeanCreatedEventListener<HttpServerConfiguration.CorsConfiguration> {

    private final CorsSettings settings;

    CorsConfigurer(CorsSettings settings) {
        this.settings = settings;
    }

    @Override
    public HttpServerConfiguration.CorsConfiguration onCreated(
            BeanCreatedEvent<HttpServerConfiguration.CorsConfiguration> event) {
        HttpServerConfiguration.CorsConfiguration cors = event.getBean();
        if (settings.origins().isEmpty()) {
            return cors;
        }
        CorsOriginConfiguration origin = new CorsOriginConfiguration();
        origin.setAllowedOrigins(settings.origins());
        origin.setAllowedMethods(List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE));
        origin.setAllowedHeaders(CorsSettings.ALLOWED_HEADERS);
        origin.setExposedHeaders(List.of("Retry-After", "Location"));
        origin.setAllowCredentials(true);
        origin.setMaxAge(settings.maxAge().toSeconds());
        cors.setEnabled(true);
        cors.setConfigurations(Map.of("herald", origin));
        return cors;
    }
}
