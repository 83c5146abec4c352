package io.herald.realtime.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * Server API ({@code herald.realtime.api}).
 *
 * @param serverApiKeys accepted server API keys ({@code HERALD_SERVER_API_KEY}, comma-separated for rotation); when
 *                      empty the publish API answers 503. No default.
 * @param maxBodyBytes  largest request body; defaults to 256 KiB
 */
@ConfigurationProperties("herald.realtime.api")
public record ApiConfiguration(
    @Bindable(defaultValue = "") List<String> serverApiKeys,
    @Bindable(defaultValue = "262144") int maxBodyBytes) {
}
