/**
 * The event catalogue a service runs with ({@link io.herald.support.catalog.CatalogFactory}): loaded once from the
 * built-ins and {@code herald.catalog.dir} and installed before any traffic, so every Herald service refuses the
 * same broken catalogue at start-up.
 */
package io.herald.support.catalog;
