package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue: the channel namespaces and the event types each carries, read from a {@code namespaces.yaml} and
 * the JSON Schema files of a {@code schemas/} folder. The built-in catalogue ({@link #standard()}) is written in
 * that format inside this jar; {@link #load(Path)} adds an operator's directory on top of it (an entry with a
 * built-in's name replaces it). Loaded and compiled once, then immutable and thread-safe.
 *
 * <p>An event type name may occur in two families: {@code job.progress} is both an export envelope event (on
 * {@code exports:} and {@code export.{guid}.job}) and a typed message (on {@code job:{jobId}}). Within one
 * namespace a name is unique, so the channel decides which schema applies.
 *
 * <p>One catalogue is <em>active</em> per JVM ({@link #install}, by a service at start-up); the static helpers of
 * {@link ChannelName} and {@link ChannelNamespace} and {@link EventContract#load()} use it. Until something is
 * installed it is the built-in catalogue.
 */
public final class EventCatalog {

    /** Base URI of every built-in schema {@code $id}; it maps to the classpath folder {@code schemas/}. */
    public static final String SCHEMA_BASE_URI = "https://schemas.herald.io/";

    private static volatile EventCatalog active;

    private final String source;
    private final List<ChannelNamespace> namespaces;
    private final Map<String, ChannelNamespace> byName;
    private final List<EventDefinition> definitions;
    private final Map<EventDefinition, JsonSchema> schemas;
    private final Map<EventDefinition, JsonNode> documents;
    private final Map<String, Map<String, Map<String, EventDefinition>>> byNamespace;
    private final Map<String, Map<String, EventDefinition>> byDiscriminator;
    private final Set<String> types;
    private final List<ChannelNamespace> autoSubscribed;
    private volatile EventContract contract;

    EventCatalog(String source, List<ChannelNamespace> namespaces, List<EventDefinition> definitions,
                 Map<EventDefinition, JsonSchema> schemas, Map<EventDefinition, JsonNode> documents) {
        this.source = source;
        this.namespaces = List.copyOf(namespaces);
        Map<String, ChannelNamespace> names = new LinkedHashMap<>();
        namespaces.forEach(ns -> names.put(ns.name(), ns));
        this.byName = Collections.unmodifiableMap(names);
        this.definitions = List.copyOf(definitions);
        this.schemas = Map.copyOf(schemas);
        this.documents = Map.copyOf(documents);
        Map<String, Map<String, Map<String, EventDefinition>>> nsMap = new HashMap<>();
        Map<String, Map<String, EventDefinition>> discMap = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (EventDefinition d : definitions) {
            all.add(d.type());
            discMap.computeIfAbsent(d.family().discriminator(), k -> new LinkedHashMap<>()).putIfAbsent(d.type(), d);
            for (ChannelNamespace ns : d.namespaces()) {
                nsMap.computeIfAbsent(ns.name(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(d.family().discriminator(), k -> new LinkedHashMap<>()).put(d.type(), d);
            }
        }
        this.byNamespace = nsMap;
        this.byDiscriminator = discMap;
        this.types = Collections.unmodifiableSet(all);
        this.autoSubscribed = namespaces.stream().filter(ChannelNamespace::autoSubscribe).toList();
    }

    /**
     * The built-in catalogue.
     *
     * @return the shared instance
     */
    public static EventCatalog standard() {
        return ChannelNamespace.builtInCatalog();
    }

    /**
     * The built-in catalogue plus an operator's directory ({@code namespaces.yaml} and {@code schemas/**.json},
     * either may be absent). Compiles every schema.
     *
     * @param dir the directory
     * @return the catalogue
     * @throws CatalogException with the file and JSON pointer of every problem
     */
    public static EventCatalog load(Path dir) {
        return CatalogLoader.load(Objects.requireNonNull(dir, "dir"));
    }

    /**
     * The catalogue a service runs with: {@link #standard()} when {@code dir} is null or blank, else
     * {@link #load(Path)}.
     *
     * @param dir the configured directory ({@code HERALD_CATALOG_DIR}), or null
     * @return the catalogue
     * @throws CatalogException when the directory's catalogue is broken
     */
    public static EventCatalog forDirectory(String dir) {
        return dir == null || dir.isBlank() ? standard() : load(Path.of(dir.strip()));
    }

    /**
     * The catalogue this JVM runs with.
     *
     * @return the installed catalogue, or the built-in one
     */
    public static EventCatalog active() {
        EventCatalog a = active;
        return a != null ? a : standard();
    }

    /**
     * Makes a catalogue the active one (a service does this once at start-up, before it handles traffic).
     *
     * @param catalog the catalogue; null restores the built-in one
     * @return the previously active catalogue
     */
    public static EventCatalog install(EventCatalog catalog) {
        EventCatalog previous = active();
        active = catalog;
        return previous;
    }

    /**
     * Loads the catalogue of a directory ({@link #forDirectory}) and makes it the active one until
     * {@link Installation#close()} restores the previous one. What a service runs once at start-up.
     *
     * @param dir the configured directory ({@code HERALD_CATALOG_DIR}), or null/blank for the built-in catalogue
     * @return the installation
     * @throws CatalogException when the directory's catalogue is broken (nothing is installed then)
     */
    public static Installation installFrom(String dir) {
        EventCatalog catalog = forDirectory(dir);
        return new Installation(catalog, install(catalog));
    }

    /**
     * A catalogue made active by {@link #installFrom}; closing it restores the one active before.
     *
     * @param catalog  the installed catalogue
     * @param previous the catalogue active before
     */
    public record Installation(EventCatalog catalog, EventCatalog previous) implements AutoCloseable {
        @Override
        public void close() {
            if (active() == catalog) {
                install(previous == standard() ? null : previous);
            }
        }
    }

    /**
     * Where the catalogue came from, e.g. {@code built-in} or {@code built-in + /etc/herald/catalog}.
     *
     * @return a description for logs
     */
    public String source() {
        return source;
    }

    /**
     * The contract that validates events against this catalogue (created on first use, then shared).
     *
     * @return the contract
     */
    public EventContract contract() {
        EventContract c = contract;
        if (c == null) {
            synchronized (this) {
                c = contract;
                if (c == null) {
                    c = new EventContract(this);
                    contract = c;
                }
            }
        }
        return c;
    }

    /**
     * Every namespace, in catalogue order (built-ins first, in their order; added ones after).
     *
     * @return the namespaces
     */
    public List<ChannelNamespace> namespaces() {
        return namespaces;
    }

    /**
     * A namespace by name.
     *
     * @param name the name in {@code namespaces.yaml}
     * @return the namespace, or empty
     */
    public Optional<ChannelNamespace> namespace(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The personal namespaces a connection joins on connect.
     *
     * @return the auto-subscribed namespaces, in catalogue order
     */
    public List<ChannelNamespace> autoSubscribed() {
        return autoSubscribed;
    }

    /**
     * Parses a channel name against this catalogue's namespaces.
     *
     * @param raw the name
     * @return the channel, with its namespace when one matches
     * @throws IllegalArgumentException when the name breaks the channel syntax
     */
    public ChannelName channel(String raw) {
        return ChannelName.parse(raw, this);
    }

    /**
     * Every definition, in catalogue order.
     *
     * @return the definitions
     */
    public List<EventDefinition> definitions() {
        return definitions;
    }

    /**
     * Every event type name (a name in two families counts once).
     *
     * @return the names, in catalogue order
     */
    public Set<String> eventTypes() {
        return types;
    }

    /**
     * The event types a namespace's channels may carry.
     *
     * @param ns the namespace
     * @return the names; empty when the namespace carries none
     */
    public Set<String> eventTypesFor(ChannelNamespace ns) {
        Map<String, Map<String, EventDefinition>> m = byNamespace.get(ns.name());
        if (m == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        m.values().forEach(t -> out.addAll(t.keySet()));
        return Collections.unmodifiableSet(out);
    }

    /**
     * The family a namespace's channels carry (the first one when it carries several).
     *
     * @param ns the namespace
     * @return the family
     */
    public Optional<EventFamily> familyOf(ChannelNamespace ns) {
        Map<String, Map<String, EventDefinition>> m = byNamespace.get(ns.name());
        if (m == null) {
            return Optional.empty();
        }
        return m.values().stream().flatMap(t -> t.values().stream()).map(EventDefinition::family).findFirst();
    }

    /**
     * Looks an event type up in a family.
     *
     * @param family the family
     * @param type   the event name
     * @return the definition, or empty when the family has no such type
     */
    public Optional<EventDefinition> find(EventFamily family, String type) {
        for (EventDefinition d : definitions) {
            if (d.family().equals(family) && d.type().equals(type)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * Every definition carrying a type name, in any family.
     *
     * @param type the event name
     * @return the definitions (two for {@code job.progress}), empty when unknown
     */
    public List<EventDefinition> findAll(String type) {
        List<EventDefinition> found = new ArrayList<>(2);
        for (EventDefinition d : definitions) {
            if (d.type().equals(type)) {
                found.add(d);
            }
        }
        return found;
    }

    /**
     * The public name of an event type in webhooks (the first namespace carrying it that renames it).
     *
     * @param type the event type
     * @return the public name, or {@code type}
     */
    public String webhookName(String type) {
        for (ChannelNamespace ns : namespaces) {
            String n = ns.webhookNames().get(type);
            if (n != null) {
                return n;
            }
        }
        return type;
    }

    /**
     * The schema document of an event type, as read from its file (a copy: callers may change it).
     *
     * @param d a definition of this catalogue
     * @return the schema, or empty for a definition of another catalogue
     */
    public Optional<JsonNode> schemaDocument(EventDefinition d) {
        JsonNode doc = documents.get(d);
        return doc == null ? Optional.empty() : Optional.of(doc.deepCopy());
    }

    // --- for EventContract ------------------------------------------------------------------------------

    /** Type property → type → definition, for one namespace. */
    Map<String, Map<String, EventDefinition>> typesOf(ChannelNamespace ns) {
        return byNamespace.getOrDefault(ns.name(), Map.of());
    }

    /** Type property → type → first definition, across the catalogue (for channels outside it). */
    Map<String, Map<String, EventDefinition>> typesByDiscriminator() {
        return byDiscriminator;
    }

    JsonSchema schema(EventDefinition d) {
        return schemas.get(d);
    }

    @Override
    public String toString() {
        return "EventCatalog[" + source + ": " + namespaces.size() + " namespaces, " + definitions.size() + " event types]";
    }
}
