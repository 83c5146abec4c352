/**
 * The event catalogue this service runs with ({@link io.herald.auth.catalog.CatalogFactory}): loaded once from the
 * built-ins and {@code herald.catalog.dir}, so every Herald service refuses the same broken catalogue at start-up.
 */
package io.herald.auth.catalog;
