/**
 * The contract artefacts for producers: {@code POST /api/validate} (check an event exactly as {@code /api/publish}
 * would, publishing nothing), {@code GET /api/event-types} (the catalogue: namespaces, event types, their schemas and
 * an example each) and {@code GET /schemas/...} (every JSON Schema under the path of its {@code $id}). Start at
 * {@link io.herald.realtime.catalog.CatalogController}.
 */
package io.herald.realtime.catalog;
