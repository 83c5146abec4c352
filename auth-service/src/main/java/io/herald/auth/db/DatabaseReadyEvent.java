package io.herald.auth.db;

/** Published once, after the {@code auth} schema has been migrated and the database answers. */
public record DatabaseReadyEvent() {
}
