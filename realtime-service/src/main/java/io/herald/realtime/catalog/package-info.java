/**
 * The event catalogue this service runs with ({@link io.herald.realtime.catalog.CatalogFactory}): loaded once from
 * the built-ins and {@code herald.catalog.dir}, installed before any traffic.
 */
package io.herald.realtime.catalog;
