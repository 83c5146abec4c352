/**
 * Database start-up: {@link io.herald.auth.db.DatabaseBootstrap} migrates the {@code auth} schema with Flyway in the
 * background, retrying while PostgreSQL is unreachable, and reports readiness.
 */
package io.herald.auth.db;
