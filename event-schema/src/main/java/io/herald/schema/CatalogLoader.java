package io.herald.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a catalogue directory ({@code namespaces.yaml} + {@code schemas/**.json}) on top of the built-in one (the
 * same layout at the root of this jar), checks every rule and compiles the schemas. Every problem is collected
 * with its file and JSON pointer and thrown as one {@link CatalogException}.
 *
 * <p>Which schema files are event types: those whose {@code title} is pinned by a top-level property
 * ({@code "properties": {"type": {"const": <title>}}}) and that a namespace names. Other files are shared
 * definitions reached by {@code $ref}.
 */
final class CatalogLoader {

    static final String NAMESPACES_FILE = "namespaces.yaml";
    static final String SCHEMAS_DIR = "schemas";
    private static final String BUILT_IN = "classpath:";

    private static final Set<String> KEYS = Set.of("name", "pattern", "access", "autoSubscribe", "events", "progress",
        "jobKey", "terminal", "reopen", "history", "webhookNames", "mirror", "description");
    private static final Set<String> MIRROR_KEYS = Set.of("to", "key");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern PUBLIC_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");
    private static final YAMLMapper YAML = YAMLMapper.builder()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();

    /** One schema file that pins its type. */
    private record Candidate(String file, String relPath, String family, String discriminator, String title,
                             JsonNode doc, String schemaId) {
        String key() {
            return family + "/" + title;
        }
    }

    /** One namespaces.yaml entry with where it came from. */
    private record RawNamespace(String file, int index, JsonNode node, String name) {
        String at(String... tokens) {
            StringBuilder sb = new StringBuilder("/").append(index);
            for (String t : tokens) {
                sb.append('/').append(t.replace("~", "~0").replace("/", "~1"));
            }
            return sb.toString();
        }
    }

    private final List<CatalogException.Problem> problems = new ArrayList<>();
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    private final Map<String, String> unpinnedTitles = new HashMap<>();
    private final Map<String, RawNamespace> raw = new LinkedHashMap<>();

    private CatalogLoader() {
    }

    static EventCatalog loadBuiltIn() {
        CatalogLoader l = new CatalogLoader();
        l.withBuiltIn(root -> l.read(root, BUILT_IN));
        return l.build("built-in");
    }

    static EventCatalog load(Path dir) {
        CatalogLoader l = new CatalogLoader();
        l.withBuiltIn(root -> l.read(root, BUILT_IN));
        if (!Files.isDirectory(dir)) {
            l.problem(dir.toString(), "", "catalogue directory does not exist or is not a directory");
        } else {
            l.read(dir, dir.toAbsolutePath() + "/");
        }
        return l.build("built-in + " + dir.toAbsolutePath());
    }

    // --- reading --------------------------------------------------------------------------------------------

    private interface RootReader {
        void read(Path root);
    }

    /** Runs {@code reader} on the root of this library's classes and resources (a folder or the jar). */
    private void withBuiltIn(RootReader reader) {
        URL self = CatalogLoader.class.getResource("CatalogLoader.class");
        String suffix = CatalogLoader.class.getName().replace('.', '/') + ".class";
        try {
            URI uri = self.toURI();
            if ("jar".equals(uri.getScheme())) {
                String s = uri.toString();
                URI jar = URI.create(s.substring(0, s.indexOf("!/") + 2));
                FileSystem fs;
                boolean close = false;
                try {
                    fs = FileSystems.newFileSystem(jar, Map.of());
                    close = true;
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(jar);
                }
                try {
                    reader.read(fs.getPath("/"));
                } finally {
                    if (close) {
                        fs.close();
                    }
                }
            } else {
                Path classFile = Path.of(uri);
                Path root = classFile;
                for (int i = 0; i < suffix.split("/").length; i++) {
                    root = root.getParent();
                }
                reader.read(root);
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the built-in catalogue next to " + self + ": " + e, e);
        }
    }

    private void read(Path root, String label) {
        Path schemas = root.resolve(SCHEMAS_DIR);
        if (Files.isDirectory(schemas)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(schemas)) {
                files = s.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(".json")
                        && Files.isRegularFile(p))
                    .sorted((a, b) -> schemas.relativize(a).toString().compareTo(schemas.relativize(b).toString()))
                    .toList();
            } catch (IOException e) {
                problem(label + SCHEMAS_DIR, "", "cannot list schema files: " + e.getMessage());
                files = List.of();
            }
            for (Path p : files) {
                readSchema(schemas, p, label);
            }
        }
        Path ns = root.resolve(NAMESPACES_FILE);
        if (Files.isRegularFile(ns)) {
            readNamespaces(ns, label + NAMESPACES_FILE);
        }
    }

    private void readSchema(Path schemas, Path file, String label) {
        String rel = schemas.relativize(file).toString().replace('\\', '/');
        String where = label + SCHEMAS_DIR + "/" + rel;
        JsonNode doc;
        try {
            doc = Schemas.reader().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            problem(where, "", "not valid JSON: " + Schemas.describe(e));
            return;
        }
        if (doc == null || !doc.isObject()) {
            problem(where, "", "a schema must be a JSON object");
            return;
        }
        if (BUILT_IN.equals(label) && !doc.path("$id").asText("").startsWith(EventCatalog.SCHEMA_BASE_URI)) {
            return; // another library's file that a shaded jar put next to ours
        }
        for (ValidationMessage m : Schemas.checkAgainstMetaSchema(doc)) {
            problem(where, m.getInstanceLocation().toString(), "not a valid JSON Schema 2020-12: " + m.getMessage());
        }
        JsonNode title = doc.get("title");
        if (title == null || !title.isTextual()) {
            return; // a shared definition
        }
        String discriminator = null;
        JsonNode props = doc.get("properties");
        if (props != null && props.isObject()) {
            for (var it = props.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode c = e.getValue().get("const");
                if (c != null && c.isTextual() && c.textValue().equals(title.textValue())) {
                    discriminator = e.getKey();
                    break;
                }
            }
        }
        if (discriminator == null) {
            unpinnedTitles.putIfAbsent(title.textValue(), where);
            return;
        }
        String folder = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
        String family = folder.equals("events") ? "" : folder.startsWith("events/") ? folder.substring(7) : folder;
        JsonNode id = doc.get("$id");
        String schemaId = id != null && id.isTextual() ? id.textValue() : file.toUri().toString();
        Candidate c = new Candidate(where, rel, family, discriminator, title.textValue(), doc, schemaId);
        Candidate previous = candidates.get(c.key());
        if (previous != null && previous.file().startsWith(label)) {
            problem(where, "/title", "two schemas define event type '" + c.title() + "' in family '" + family
                + "': " + previous.file() + " and this one");
            return;
        }
        candidates.put(c.key(), c); // a directory's schema replaces the built-in one of the same family and title
    }

    private void readNamespaces(Path file, String where) {
        JsonNode doc;
        try {
            doc = YAML.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            String loc = e.getLocation() != null
                ? " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() : "";
            problem(where, "", "not valid YAML" + loc + ": " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            problem(where, "", "cannot read: " + e.getMessage());
            return;
        }
        if (doc == null || doc.isMissingNode() || doc.isNull()) {
            return; // an empty file adds nothing
        }
        if (!doc.isArray()) {
            problem(where, "", "must be a list of namespaces (each starting with '- name: ...')");
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < doc.size(); i++) {
            JsonNode n = doc.get(i);
            if (!n.isObject()) {
                problem(where, "/" + i, "a namespace must be a mapping with name, pattern, events, ...");
                continue;
            }
            JsonNode name = n.get("name");
            if (name == null || !name.isTextual() || !NAME.matcher(name.textValue()).matches()) {
                problem(where, "/" + i + "/name", "name is required: lower-case letters, digits and _, starting with"
                    + " a letter (e.g. reports)");
                continue;
            }
            if (!seen.add(name.textValue())) {
                problem(where, "/" + i + "/name", "namespace '" + name.textValue() + "' is defined twice in this file");
                continue;
            }
            raw.put(name.textValue(), new RawNamespace(where, i, n, name.textValue()));
        }
    }

    // --- building -------------------------------------------------------------------------------------------

    private EventCatalog build(String source) {
        List<ChannelNamespace> namespaces = new ArrayList<>();
        Map<String, List<Candidate>> typesByNs = new LinkedHashMap<>();
        Map<String, String> patternOwner = new HashMap<>();
        int order = 0;
        for (RawNamespace r : raw.values()) {
            List<Candidate> types = new ArrayList<>();
            ChannelNamespace ns = namespace(r, order++, types);
            if (ns != null) {
                String other = patternOwner.putIfAbsent(ns.template(), ns.name());
                if (other != null) {
                    problem(r.file(), r.at("pattern"), "namespace '" + other + "' has the same pattern");
                }
                namespaces.add(ns);
                typesByNs.put(ns.name(), types);
            }
        }
        Map<String, ChannelNamespace> byName = new HashMap<>();
        namespaces.forEach(ns -> byName.put(ns.name(), ns));
        for (ChannelNamespace ns : namespaces) {
            ns.mirror().ifPresent(m -> checkMirror(raw.get(ns.name()), ns, m, byName, typesByNs));
        }
        // Definitions, in order of first mention; each knows every namespace that carries it.
        Map<String, Set<ChannelNamespace>> carriers = new LinkedHashMap<>();
        Map<String, Boolean> progress = new HashMap<>();
        for (ChannelNamespace ns : namespaces) {
            for (Candidate c : typesByNs.get(ns.name())) {
                carriers.computeIfAbsent(c.key(), k -> new LinkedHashSet<>()).add(ns);
                progress.merge(c.key(), ns.progress().contains(c.title()), Boolean::logicalOr);
            }
        }
        List<EventDefinition> definitions = new ArrayList<>();
        Map<EventDefinition, JsonSchema> compiled = new HashMap<>();
        Map<EventDefinition, JsonNode> documents = new HashMap<>();
        for (var e : carriers.entrySet()) {
            Candidate c = candidates.get(e.getKey());
            EventDefinition d = new EventDefinition(c.title(), new EventFamily(c.family(), c.discriminator()),
                e.getValue(), progress.get(e.getKey()), c.relPath(), c.schemaId());
            try {
                compiled.put(d, Schemas.compile(c.doc(), c.schemaId()));
                documents.put(d, c.doc());
                definitions.add(d);
            } catch (RuntimeException ex) {
                problem(c.file(), "", "schema does not compile: " + ex.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new CatalogException(problems);
        }
        return new EventCatalog(source, namespaces, definitions, compiled, documents);
    }

    private ChannelNamespace namespace(RawNamespace r, int order, List<Candidate> types) {
        int before = problems.size();
        JsonNode n = r.node();
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                problem(r.file(), r.at(k), "unknown key '" + k + "'; known keys: " + new java.util.TreeSet<>(KEYS));
            }
        }
        ChannelPattern pattern = null;
        JsonNode p = n.get("pattern");
        if (p == null || !p.isTextual()) {
            problem(r.file(), r.at("pattern"), "pattern is required, e.g. \"reports:{userUuid}\"");
        } else {
            try {
                pattern = ChannelPattern.parse(p.textValue());
            } catch (IllegalArgumentException e) {
                problem(r.file(), r.at("pattern"), e.getMessage());
            }
        }
        ChannelNamespace.Access access = null;
        JsonNode a = n.get("access");
        if (a != null) {
            if (!a.isTextual() || !Set.of("personal", "tenant", "grant").contains(a.textValue())) {
                problem(r.file(), r.at("access"), "access must be personal, tenant or grant");
            } else {
                access = ChannelNamespace.Access.valueOf(a.textValue().toUpperCase(Locale.ROOT));
            }
        }
        if (pattern != null) {
            if (access == null && a == null) {
                access = pattern.has(ChannelPattern.USER) ? ChannelNamespace.Access.PERSONAL
                    : pattern.shortName() != null ? ChannelNamespace.Access.TENANT : ChannelNamespace.Access.GRANT;
            }
            if (access == ChannelNamespace.Access.PERSONAL && !pattern.has(ChannelPattern.USER)) {
                problem(r.file(), r.at("access"), "a personal namespace needs {userUuid} in its pattern");
            }
            if (access == ChannelNamespace.Access.TENANT && !pattern.has(ChannelPattern.TENANT)) {
                problem(r.file(), r.at("access"), "a tenant namespace needs {tenantId} in its pattern");
            }
        }
        boolean auto = bool(r, "autoSubscribe");
        if (auto && (access != ChannelNamespace.Access.PERSONAL || pattern == null
                || !pattern.placeholders().equals(List.of(ChannelPattern.USER)))) {
            problem(r.file(), r.at("autoSubscribe"), "only a personal namespace whose pattern has {userUuid} as its"
                + " only placeholder can be joined on connect");
        }
        // events
        JsonNode ev = n.get("events");
        Map<String, Candidate> byTitle = new LinkedHashMap<>();
        if (ev == null || !ev.isArray() || ev.isEmpty()) {
            problem(r.file(), r.at("events"), "events is required: a list of event types (schema titles), 'prefix*'"
                + " globs or 'family/...' qualified names");
        } else {
            for (int j = 0; j < ev.size(); j++) {
                JsonNode e = ev.get(j);
                if (!e.isTextual() || e.textValue().isBlank()) {
                    problem(r.file(), r.at("events", String.valueOf(j)), "an event entry must be a non-empty string");
                    continue;
                }
                for (Candidate c : resolve(r, j, e.textValue())) {
                    Candidate prev = byTitle.putIfAbsent(c.title(), c);
                    if (prev != null && !prev.key().equals(c.key())) {
                        problem(r.file(), r.at("events", String.valueOf(j)), "event type '" + c.title()
                            + "' would come from two schemas (" + prev.file() + ", " + c.file()
                            + "); a namespace carries each type name once");
                    }
                }
            }
        }
        types.addAll(byTitle.values());
        Set<String> progress = typeList(r, "progress", byTitle.keySet());
        Set<String> terminal = typeList(r, "terminal", byTitle.keySet());
        Set<String> reopen = typeList(r, "reopen", byTitle.keySet());
        for (String t : progress) {
            if (terminal.contains(t) || reopen.contains(t)) {
                problem(r.file(), r.at("progress"), "'" + t + "' cannot be a progress type and a terminal or reopening one");
            }
        }
        for (String t : terminal) {
            if (reopen.contains(t)) {
                problem(r.file(), r.at("reopen"), "'" + t + "' cannot both finish and reopen a job");
            }
        }
        String jobKey = pointer(r, n.get("jobKey"), r.at("jobKey"));
        if (jobKey == null && !progress.isEmpty() && !n.has("jobKey")) {
            problem(r.file(), r.at("progress"), "progress types are throttled per job: set jobKey, the JSON pointer"
                + " to the job id in the event (e.g. /report_id)");
        }
        Integer history = null;
        JsonNode h = n.get("history");
        if (h != null) {
            if (!h.isIntegralNumber() || h.asLong() < 0 || h.asLong() > Integer.MAX_VALUE) {
                problem(r.file(), r.at("history"), "history must be a non-negative integer (events kept per channel"
                    + " for recovery)");
            } else {
                history = h.intValue();
            }
        }
        Map<String, String> webhookNames = new LinkedHashMap<>();
        JsonNode w = n.get("webhookNames");
        if (w != null) {
            if (!w.isObject()) {
                problem(r.file(), r.at("webhookNames"), "webhookNames must be a mapping 'type: public name'");
            } else {
                Set<String> used = new LinkedHashSet<>();
                for (var it = w.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!byTitle.containsKey(e.getKey())) {
                        problem(r.file(), r.at("webhookNames", e.getKey()), "'" + e.getKey()
                            + "' is not one of this namespace's events " + byTitle.keySet());
                    } else if (!e.getValue().isTextual() || !PUBLIC_NAME.matcher(e.getValue().textValue()).matches()) {
                        problem(r.file(), r.at("webhookNames", e.getKey()), "a webhook name is 1-255 letters, digits"
                            + " and _ . : -");
                    } else if (!used.add(e.getValue().textValue())) {
                        problem(r.file(), r.at("webhookNames", e.getKey()), "webhook name '" + e.getValue().textValue()
                            + "' is used twice");
                    } else {
                        webhookNames.put(e.getKey(), e.getValue().textValue());
                    }
                }
            }
        }
        ChannelNamespace.Mirror mirror = null;
        JsonNode m = n.get("mirror");
        if (m != null) {
            if (!m.isObject()) {
                problem(r.file(), r.at("mirror"), "mirror must be a mapping {to: <namespace>, key: <JSON pointer>}");
            } else {
                for (var it = m.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!MIRROR_KEYS.contains(k)) {
                        problem(r.file(), r.at("mirror", k), "unknown key '" + k + "'; known keys: [key, to]");
                    }
                }
                JsonNode to = m.get("to");
                String key = pointer(r, m.get("key"), r.at("mirror", "key"));
                if (to == null || !to.isTextual()) {
                    problem(r.file(), r.at("mirror", "to"), "mirror.to is required: the name of the target namespace");
                } else if (key == null) {
                    problem(r.file(), r.at("mirror", "key"), "mirror.key is required: JSON pointer to the value that"
                        + " fills the target's placeholder");
                } else {
                    mirror = new ChannelNamespace.Mirror(to.textValue(), key);
                }
            }
        }
        if (problems.size() > before || pattern == null || access == null) {
            return null;
        }
        return new ChannelNamespace(r.name(), order, pattern, access, auto, progress, terminal, reopen, jobKey,
            history, webhookNames, mirror);
    }

    private void checkMirror(RawNamespace r, ChannelNamespace ns, ChannelNamespace.Mirror m,
                             Map<String, ChannelNamespace> byName, Map<String, List<Candidate>> typesByNs) {
        ChannelNamespace target = byName.get(m.to());
        if (target == null || target.equals(ns)) {
            problem(r.file(), r.at("mirror", "to"), "'" + m.to() + "' is not another namespace of the catalogue");
            return;
        }
        if (target.placeholders().size() != 1) {
            problem(r.file(), r.at("mirror", "to"), "the target pattern " + target.template()
                + " must have exactly one placeholder, filled from mirror.key");
            return;
        }
        Set<String> targetKeys = new LinkedHashSet<>();
        typesByNs.get(target.name()).forEach(c -> targetKeys.add(c.key()));
        for (Candidate c : typesByNs.get(ns.name())) {
            if (!targetKeys.contains(c.key())) {
                problem(r.file(), r.at("mirror", "to"), "namespace '" + target.name() + "' does not carry '"
                    + c.title() + "' (" + c.file() + "); a mirror target must carry every mirrored type");
            }
        }
    }

    /** The candidates an events entry names. */
    private List<Candidate> resolve(RawNamespace r, int j, String entry) {
        String family = null;
        String name = entry;
        int slash = entry.lastIndexOf('/');
        if (slash >= 0) {
            family = entry.substring(0, slash);
            name = entry.substring(slash + 1);
        }
        boolean glob = name.endsWith("*");
        String prefix = glob ? name.substring(0, name.length() - 1) : name;
        if (name.indexOf('*') >= 0 && name.indexOf('*') != name.length() - 1) {
            problem(r.file(), r.at("events", String.valueOf(j)), "'*' may only end an entry, as in job.*");
            return List.of();
        }
        List<Candidate> found = new ArrayList<>();
        Set<String> families = new LinkedHashSet<>();
        for (Candidate c : candidates.values()) {
            if (family != null && !family.equals(c.family())) {
                continue;
            }
            if (glob ? c.title().startsWith(prefix) : c.title().equals(name)) {
                found.add(c);
                families.add(c.family());
            }
        }
        String at = r.at("events", String.valueOf(j));
        if (found.isEmpty()) {
            String hint = unpinnedTitles.containsKey(name)
                ? "; " + unpinnedTitles.get(name) + " has that title but no property pins it (add \"properties\": {\"type\":"
                    + " {\"const\": \"" + name + "\"}} or the property that names your event type)"
                : "; add schemas/<name>.json with \"title\": \"" + name + "\"";
            problem(r.file(), at, "no event type schema matches '" + entry + "'" + (glob ? "" : hint));
            return List.of();
        }
        if (family == null && families.size() > 1) {
            List<String> qualified = new ArrayList<>();
            for (String f : families) {
                qualified.add(f + "/" + name);
            }
            problem(r.file(), at, "'" + entry + "' matches event types of several families; qualify it: " + qualified);
            return List.of();
        }
        return found;
    }

    private Set<String> typeList(RawNamespace r, String key, Set<String> events) {
        JsonNode n = r.node().get(key);
        Set<String> out = new LinkedHashSet<>();
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            problem(r.file(), r.at(key), key + " must be a list of event types");
            return out;
        }
        for (int j = 0; j < n.size(); j++) {
            JsonNode t = n.get(j);
            if (!t.isTextual() || !events.contains(t.textValue())) {
                problem(r.file(), r.at(key, String.valueOf(j)), (t.isTextual() ? "'" + t.textValue() + "'" : "entry")
                    + " is not one of this namespace's events " + events);
            } else {
                out.add(t.textValue());
            }
        }
        return out;
    }

    private String pointer(RawNamespace r, JsonNode n, String at) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || !n.textValue().startsWith("/")) {
            problem(r.file(), at, "must be a JSON pointer such as /guid or /payload/job_id");
            return null;
        }
        String text = n.textValue();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '~' && (i + 1 == text.length() || "01".indexOf(text.charAt(i + 1)) < 0)) {
                problem(r.file(), at, "not a valid JSON pointer: '~' at index " + i + " must be followed by 0 or 1");
                return null;
            }
        }
        if (text.contains("//")) {
            problem(r.file(), at, "not a valid JSON pointer: empty token in '" + text + "'");
            return null;
        }
        JsonPointer.compile(text);
        return text;
    }

    private boolean bool(RawNamespace r, String key) {
        JsonNode n = r.node().get(key);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            problem(r.file(), r.at(key), key + " must be true or false");
            return false;
        }
        return n.booleanValue();
    }

    private void problem(String file, String pointer, String message) {
        problems.add(new CatalogException.Problem(file, pointer, message));
    }
}
