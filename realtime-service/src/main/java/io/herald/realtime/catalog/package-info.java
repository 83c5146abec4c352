/**
 * The event catalogue this service runs with and the contract artefacts for producers. The catalogue itself is
 * loaded once by support's {@link io.herald.support.catalog.CatalogFactory}. Start at
 * {@link io.herald.realtime.catalog.CatalogController}:
 * {@code POST /api/validate} (check an event exactly as {@code /api/publish} would, publishing nothing),
 * {@code GET /api/event-types} (the catalogue: namespaces, event types, their schemas and an example each) and
 * {@code GET /schemas/...} (every JSON Schema under the path of its {@code $id}) and {@code GET /asyncapi.yaml} /
 * {@code /asyncapi.json} (the AsyncAPI document of the loaded catalogue).
 */
package io.herald.realtime.catalog;
