package io.herald.schema.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A set of JSON Schemas keyed by {@code $id}, found by walking a directory (never a list), each of which can be
 * flattened: {@code $ref}s inlined (resolved against the schema's {@code $id}) and {@code allOf} parts merged, so two
 * versions are compared by the shape an event really has, whichever file a field is declared in.
 */
final class SchemaSet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> byId;

    private SchemaSet(Map<String, JsonNode> byId) {
        this.byId = byId;
    }

    static SchemaSet walk(Path dir) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
                JsonNode schema = JSON.readTree(file.toFile());
                if (schema.hasNonNull("$id")) {
                    found.put(schema.get("$id").asText(), schema);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schemas under " + dir, e);
        }
        return new SchemaSet(found);
    }

    static SchemaSet of(Map<String, String> jsonById) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        jsonById.forEach((id, json) -> {
            try {
                found.put(id, JSON.readTree(json));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new SchemaSet(found);
    }

    Set<String> ids() {
        return byId.keySet();
    }

    Optional<JsonNode> raw(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The schema's {@code x-version} (1 when absent): bumped together with a CHANGELOG entry for a breaking change. */
    int version(String id) {
        JsonNode v = byId.get(id).get("x-version");
        return v == null ? 1 : v.asInt(1);
    }

    Optional<String> title(String id) {
        JsonNode t = byId.get(id).get("title");
        return t == null ? Optional.empty() : Optional.of(t.asText());
    }

    JsonNode flattened(String id) {
        return flatten(byId.get(id), id, 0);
    }

    private JsonNode flatten(JsonNode node, String baseId, int depth) {
        if (depth > 64) {
            throw new IllegalStateException("$ref cycle under " + baseId);
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(flatten(n, baseId, depth + 1)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (node.hasNonNull("$ref")) {
            URI ref = URI.create(baseId).resolve(node.get("$ref").asText());
            String docId = ref.getScheme() + ":" + ref.getRawSchemeSpecificPart();
            JsonNode doc = byId.get(docId);
            if (doc == null) {
                throw new IllegalStateException("$ref " + node.get("$ref").asText() + " from " + baseId + " names no schema");
            }
            JsonNode target = ref.getFragment() == null || ref.getFragment().isEmpty() ? doc : doc.at(ref.getFragment());
            if (target.isMissingNode()) {
                throw new IllegalStateException("$ref " + ref + " points nowhere");
            }
            out = (ObjectNode) flatten(target, docId, depth + 1);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "$ref", "$id", "$schema", "$defs", "allOf", "examples", "title", "description", "x-version" -> {
                }
                case "properties" -> {
                    ObjectNode props = out.has("properties") ? (ObjectNode) out.get("properties") : out.putObject("properties");
                    e.getValue().fields().forEachRemaining(p -> props.set(p.getKey(),
                        props.has(p.getKey()) ? merge(props.get(p.getKey()), flatten(p.getValue(), baseId, depth + 1))
                            : flatten(p.getValue(), baseId, depth + 1)));
                }
                case "required" -> out.set("required", union(out.get("required"), e.getValue()));
                default -> out.set(e.getKey(), flatten(e.getValue(), baseId, depth + 1));
            }
        }
        if (node.has("allOf")) {
            for (JsonNode part : node.get("allOf")) {
                out = (ObjectNode) merge(flatten(part, baseId, depth + 1), out);
            }
        }
        return out;
    }

    /** allOf of a base and a refinement, for the shapes the contract uses; a refinement's const/enum replaces the base's type. */
    static JsonNode merge(JsonNode base, JsonNode own) {
        if (!base.isObject() || !own.isObject()) {
            return own;
        }
        ObjectNode out = ((ObjectNode) base).deepCopy();
        if (own.has("const") || own.has("enum")) {
            out.remove("type");
            out.remove("pattern");
        }
        own.fields().forEachRemaining(e -> {
            switch (e.getKey()) {
                case "properties" -> {
                    ObjectNode props = out.has("properties") ? (ObjectNode) out.get("properties") : out.putObject("properties");
                    e.getValue().fields().forEachRemaining(p -> props.set(p.getKey(),
                        props.has(p.getKey()) ? merge(props.get(p.getKey()), p.getValue()) : p.getValue()));
                }
                case "required" -> out.set("required", union(out.get("required"), e.getValue()));
                default -> out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static JsonNode union(JsonNode a, JsonNode b) {
        Set<String> names = new LinkedHashSet<>();
        if (a != null) {
            a.forEach(n -> names.add(n.asText()));
        }
        if (b != null) {
            b.forEach(n -> names.add(n.asText()));
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        names.forEach(out::add);
        return out;
    }
}
