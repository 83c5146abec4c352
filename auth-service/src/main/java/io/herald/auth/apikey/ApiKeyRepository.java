package io.herald.auth.apikey;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** PostgreSQL storage of {@link ApiKey}s. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ApiKeyRepository extends CrudRepository<ApiKey, UUID> {

    Optional<ApiKey> findByPrefix(String prefix);

    Optional<ApiKey> findByIdAndUserId(UUID id, UUID userId);

    /** Records a use, at most once per {@code threshold} so the hot path rarely writes. */
    @Query("UPDATE auth.api_key SET last_used_at = :now WHERE id = :id "
        + "AND (last_used_at IS NULL OR last_used_at < :threshold)")
    void touch(UUID id, Instant now, Instant threshold);

    @Query("UPDATE auth.api_key SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
    void revoke(UUID id, Instant now);
}
