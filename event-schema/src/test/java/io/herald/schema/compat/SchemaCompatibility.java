package io.herald.schema.compat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The breaking-change check between the last released schema set and the current one. Breaking (for anyone who
 * produces or consumes events by the released contract): removing a schema (an event type), removing a field,
 * narrowing a field (fewer types, fewer enum values, a new const or pattern, closed additional properties, tighter
 * bounds), or adding a required field. A breaking change to a schema is accepted only when its {@code x-version} was
 * raised and {@code CHANGELOG.md} has a line naming the schema's path and the new version ({@code v2}); a removed
 * schema only when a CHANGELOG line names its path and says "removed".
 */
final class SchemaCompatibility {

    /** One breaking difference. */
    record Break(String schemaPath, String where, String what) {
        @Override
        public String toString() {
            return schemaPath + (where.isEmpty() ? "" : " at " + where) + ": " + what;
        }
    }

    private SchemaCompatibility() {
    }

    /** Every breaking difference, approved or not. */
    static List<Break> breaks(SchemaSet before, SchemaSet after) {
        List<Break> out = new ArrayList<>();
        Map<String, String> renamed = matchByTitle(before, after);
        for (String id : before.ids()) {
            String afterId = after.raw(id).isPresent() ? id : renamed.get(id);
            if (afterId == null) {
                out.add(new Break(path(id), "", "schema removed"));
                continue;
            }
            compare(before.flattened(id), after.flattened(afterId), path(id), "", out);
        }
        return out;
    }

    /** The breaking differences that are not approved by a version bump plus a CHANGELOG entry. */
    static List<Break> unapproved(SchemaSet before, SchemaSet after, String changelog) {
        List<String> lines = changelog.lines().map(l -> l.toLowerCase(Locale.ROOT)).toList();
        Map<String, String> renamed = matchByTitle(before, after);
        List<Break> out = new ArrayList<>();
        for (Break b : breaks(before, after)) {
            String id = idOf(before, b.schemaPath());
            String afterId = after.raw(id).isPresent() ? id : renamed.get(id);
            String p = b.schemaPath().toLowerCase(Locale.ROOT);
            boolean approved;
            if (afterId == null) {
                approved = lines.stream().anyMatch(l -> l.contains(p) && l.contains("removed"));
            } else {
                int v = after.version(afterId);
                approved = v > before.version(id)
                    && lines.stream().anyMatch(l -> l.contains(p) && l.matches(".*\\bv" + v + "\\b.*"));
            }
            if (!approved) {
                out.add(b);
            }
        }
        return out;
    }

    private static String idOf(SchemaSet set, String path) {
        return set.ids().stream().filter(id -> path(id).equals(path)).findFirst().orElseThrow();
    }

    static String path(String id) {
        return id.replaceFirst("^[a-z]+://[^/]+/", "");
    }

    /**
     * A schema whose $id changed (a moved file) is still the same schema when a new schema has its title; when several
     * new schemas share the title (job.progress exists in two families), the one it differs least from.
     */
    private static Map<String, String> matchByTitle(SchemaSet before, SchemaSet after) {
        Map<String, String> out = new HashMap<>();
        Set<String> taken = new LinkedHashSet<>();
        for (String id : before.ids()) {
            Optional<String> title = before.title(id);
            if (after.raw(id).isPresent() || title.isEmpty()) {
                continue;
            }
            String best = null;
            int fewest = Integer.MAX_VALUE;
            for (String candidate : after.ids()) {
                if (before.raw(candidate).isPresent() || taken.contains(candidate) || !title.equals(after.title(candidate))) {
                    continue;
                }
                List<Break> diff = new ArrayList<>();
                compare(before.flattened(id), after.flattened(candidate), path(id), "", diff);
                if (diff.size() < fewest) {
                    fewest = diff.size();
                    best = candidate;
                }
            }
            if (best != null) {
                out.put(id, best);
                taken.add(best);
            }
        }
        return out;
    }

    private static void compare(JsonNode before, JsonNode after, String schema, String where, List<Break> out) {
        narrowing(before, after).ifPresent(what -> out.add(new Break(schema, where, what)));
        Set<String> requiredBefore = names(before.get("required"));
        for (String r : names(after.get("required"))) {
            if (!requiredBefore.contains(r)) {
                out.add(new Break(schema, where, "required field added: " + r));
            }
        }
        JsonNode propsBefore = before.get("properties");
        JsonNode propsAfter = after.get("properties");
        if (propsBefore != null) {
            propsBefore.fields().forEachRemaining(e -> {
                String at = where.isEmpty() ? e.getKey() : where + "." + e.getKey();
                JsonNode now = propsAfter == null ? null : propsAfter.get(e.getKey());
                if (now == null) {
                    out.add(new Break(schema, at, "field removed"));
                } else {
                    compare(e.getValue(), now, schema, at, out);
                }
            });
        }
        if (before.has("items") && after.has("items")) {
            compare(before.get("items"), after.get("items"), schema, where + "[]", out);
        }
    }

    private static Optional<String> narrowing(JsonNode before, JsonNode after) {
        Set<String> typesBefore = names(before.get("type"));
        Set<String> typesAfter = names(after.get("type"));
        if (!typesAfter.isEmpty()) {
            if (typesBefore.isEmpty() && !before.has("const") && !before.has("enum")) {
                return Optional.of("type narrowed from any to " + typesAfter);
            }
            for (String t : typesBefore) {
                if (!typesAfter.contains(t) && !("integer".equals(t) && typesAfter.contains("number"))) {
                    return Optional.of("type narrowed from " + typesBefore + " to " + typesAfter);
                }
            }
        }
        if (after.has("const")) {
            JsonNode c = after.get("const");
            boolean same = c.equals(before.get("const"))
                || (before.has("enum") && before.get("enum").size() == 1 && c.equals(before.get("enum").get(0)));
            if (!same) {
                return Optional.of("value fixed to " + c);
            }
        }
        if (after.has("enum")) {
            Set<JsonNode> allowed = new LinkedHashSet<>();
            after.get("enum").forEach(allowed::add);
            if (before.has("enum")) {
                for (JsonNode v : before.get("enum")) {
                    if (!allowed.contains(v)) {
                        return Optional.of("enum value " + v + " removed");
                    }
                }
            } else if (before.has("const")) {
                if (!allowed.contains(before.get("const"))) {
                    return Optional.of("value " + before.get("const") + " no longer allowed");
                }
            } else {
                return Optional.of("restricted to the values " + allowed);
            }
        }
        if (after.has("pattern") && !after.get("pattern").equals(before.get("pattern")) && !after.has("const")) {
            return Optional.of("pattern " + (before.has("pattern") ? "changed" : "added") + ": " + after.get("pattern").asText());
        }
        JsonNode apBefore = before.get("additionalProperties");
        JsonNode apAfter = after.get("additionalProperties");
        if (apAfter != null && apAfter.isBoolean() && !apAfter.asBoolean() && !(apBefore != null && apBefore.isBoolean() && !apBefore.asBoolean())) {
            return Optional.of("additional properties no longer allowed");
        }
        for (String lower : List.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")) {
            if (after.has(lower) && (!before.has(lower) || after.get(lower).asDouble() > before.get(lower).asDouble())) {
                return Optional.of(lower + " raised to " + after.get(lower));
            }
        }
        for (String upper : List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")) {
            if (after.has(upper) && (!before.has(upper) || after.get(upper).asDouble() < before.get(upper).asDouble())) {
                return Optional.of(upper + " lowered to " + after.get(upper));
            }
        }
        return Optional.empty();
    }

    private static Set<String> names(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
