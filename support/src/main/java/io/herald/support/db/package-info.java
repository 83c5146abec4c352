/**
 * Database start-up: {@link io.herald.support.db.DatabaseMigration} migrates a service's schema with Flyway in the
 * background, retrying while PostgreSQL is unavailable, and reports readiness.
 */
package io.herald.support.db;
