/**
 * The event catalogue this service runs with ({@link io.herald.webhook.catalog.CatalogFactory}): loaded once from
 * the built-ins and {@code herald.catalog.dir}, installed before any event is consumed.
 */
package io.herald.webhook.catalog;
