package io.herald.realtime.catalog;

import io.herald.schema.ChannelNamespace;
import io.herald.schema.EventCatalog;
import io.herald.schema.EventDefinition;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of {@code GET /api/event-types}, encoded once: every channel namespace (its name pattern, who may
 * subscribe, the event types it carries) and every event type (family, whether it is a throttled progress event, the
 * namespaces it may be published on, its schema inline and under {@code /schemas/…}, and its first example).
 */
final class EventTypesDocument {

    private EventTypesDocument() {
    }

    static byte[] encode(EventCatalog catalog, SchemaFiles schemas, JsonMapper mapper) {
        List<Map<String, Object>> namespaces = new ArrayList<>();
        for (ChannelNamespace ns : catalog.namespaces()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name(ns));
            entry.put("pattern", ns.template());
            entry.put("access", ns.personal() ? "personal" : ns.tenantScoped() ? "tenant" : "grant");
            ns.shortName().ifPresent(s -> entry.put("shortName", s));
            catalog.familyOf(ns).ifPresent(f -> entry.put("family", name(f.name())));
            entry.put("eventTypes", List.copyOf(catalog.eventTypesFor(ns)));
            namespaces.add(entry);
        }
        List<Map<String, Object>> types = new ArrayList<>();
        for (EventDefinition d : catalog.definitions()) {
            // Herald's schemas are served under /schemas; an operator's (HERALD_CATALOG_DIR) only inline.
            SchemaFiles.Schema schema = schemas.byId(d.schemaId()).orElse(null);
            JsonNode tree = schema != null ? schema.tree() : operatorSchema(catalog, d, mapper);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", d.type());
            entry.put("family", name(d.family().name()));
            entry.put("progress", d.progress());
            List<String> on = new ArrayList<>();
            for (ChannelNamespace ns : catalog.namespaces()) {
                if (d.namespaces().contains(ns)) {
                    on.add(name(ns));
                }
            }
            entry.put("namespaces", on);
            if (schema != null) {
                entry.put("schemaUrl", CatalogController.SCHEMAS_PATH + "/" + schema.path());
            }
            entry.put("schema", tree);
            JsonNode examples = tree.get("examples");
            if (examples != null && examples.isArray() && examples.size() > 0) {
                entry.put("example", examples.get(0));
            }
            types.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespaces", namespaces);
        body.put("eventTypes", types);
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the event catalogue", e);
        }
    }

    private static JsonNode operatorSchema(EventCatalog catalog, EventDefinition d, JsonMapper mapper) {
        try {
            return mapper.readValue(catalog.schemaDocument(d).orElseThrow().toString().getBytes(StandardCharsets.UTF_8),
                JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the schema of " + d.type(), e);
        }
    }

    private static String name(ChannelNamespace ns) {
        return name(ns.name());
    }

    private static String name(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
