package io.herald.auth.user;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** PostgreSQL storage of {@link User}s. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface UserRepository extends CrudRepository<User, UUID> {

    Optional<User> findByEmail(String email);

    List<User> listOrderByCreatedAt();
}
