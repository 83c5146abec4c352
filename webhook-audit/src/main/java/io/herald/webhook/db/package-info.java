/**
 * Schema migration and SQL helpers; start at {@link io.herald.webhook.db.DatabaseMigrator}.
 */
package io.herald.webhook.db;
