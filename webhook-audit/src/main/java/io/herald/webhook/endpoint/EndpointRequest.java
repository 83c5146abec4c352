package io.herald.webhook.endpoint;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Body of create ({@code url} and {@code events} required) and update (every field optional).
 *
 * @param url         target URL, http(s), refused by the SSRF guard when it reaches a private network
 * @param events      event types from the catalogue, or {@code ["*"]}
 * @param description free text
 * @param enabled     update only: re-enable or disable
 */
@Serdeable
public record EndpointRequest(@Nullable String url, @Nullable List<String> events, @Nullable String description,
                              @Nullable Boolean enabled) {
}
