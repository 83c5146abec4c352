package io.herald.webhook.endpoint;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Endpoint rows. Every user-facing look-up is scoped by owner, so foreign ids are simply not found. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface EndpointRepository extends CrudRepository<Endpoint, UUID> {

    /**
     * @param id        endpoint id
     * @param ownerUuid caller
     * @return the caller's live endpoint
     */
    @Query("SELECT * FROM endpoint WHERE id = :id AND owner_uuid = :ownerUuid AND deleted_at IS NULL")
    Optional<Endpoint> findOwned(UUID id, String ownerUuid);

    /**
     * @param ownerUuid caller
     * @return the caller's live endpoints, oldest first
     */
    @Query("SELECT * FROM endpoint WHERE owner_uuid = :ownerUuid AND deleted_at IS NULL ORDER BY created_at")
    List<Endpoint> findAllOwned(String ownerUuid);

    /**
     * @param ownerUuid caller
     * @return number of live endpoints
     */
    @Query("SELECT count(*) FROM endpoint WHERE owner_uuid = :ownerUuid AND deleted_at IS NULL")
    long countOwned(String ownerUuid);

    /**
     * @param ownerUuid user of a personal channel
     * @return enabled endpoints that may receive that user's events
     */
    @Query("SELECT * FROM endpoint WHERE owner_uuid = :ownerUuid AND enabled AND deleted_at IS NULL")
    List<Endpoint> findActiveForUser(String ownerUuid);

    /**
     * @param tenant tenant of a tenant channel
     * @return enabled endpoints of that tenant's users
     */
    @Query("SELECT * FROM endpoint WHERE tenant = :tenant AND enabled AND deleted_at IS NULL")
    List<Endpoint> findActiveForTenant(String tenant);
}
