package io.herald.auth.db;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Database start-up settings ({@code herald.auth.database}).
 *
 * @param retryInterval delay between migration attempts while the database is unreachable. Defaults to 5 seconds.
 * @param schema        PostgreSQL schema owned by the auth-service (also holds the Flyway history). Defaults to
 *                      {@code auth}; the entity mappings use this name, so changing it is for Flyway only.
 */
@ConfigurationProperties("herald.auth.database")
public record DatabaseProperties(
    @Bindable(defaultValue = "PT5S") @NotNull Duration retryInterval,
    @Bindable(defaultValue = "auth") @NotNull String schema) {
}
