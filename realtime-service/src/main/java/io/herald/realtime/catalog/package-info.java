/**
 * The event catalogue this service runs with and the contract artefacts for producers. Start at
 * {@link io.herald.realtime.catalog.CatalogFactory} (the catalogue: loaded once from the built-ins and
 * {@code herald.catalog.dir}, installed before any traffic) and {@link io.herald.realtime.catalog.CatalogController}:
 * {@code POST /api/validate} (check an event exactly as {@code /api/publish} would, publishing nothing),
 * {@code GET /api/event-types} (the catalogue: namespaces, event types, their schemas and an example each) and
 * {@code GET /schemas/...} (every JSON Schema under the path of its {@code $id}).
 */
package io.herald.realtime.catalog;
