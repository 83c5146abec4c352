package io.herald.realtime.catalog;

import io.herald.schema.EventCatalog;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every JSON Schema of the contract, found by walking the classpath folder {@code schemas/} (a directory in tests, a
 * folder inside the event-schema jar in production) and keyed by the path of its {@code $id} below
 * {@link EventCatalog#SCHEMA_BASE_URI}: {@code events/entity/order-updated.json}. Read once at start-up.
 */
final class SchemaFiles {

    private static final String FOLDER = "schemas";

    private final Map<String, Schema> byPath;

    /** One schema file: its bytes as stored and its parsed tree. */
    record Schema(String path, String id, byte[] bytes, JsonNode tree) {
    }

    private SchemaFiles(Map<String, Schema> byPath) {
        this.byPath = Collections.unmodifiableMap(byPath);
    }

    static SchemaFiles load(JsonMapper mapper) {
        URL url = SchemaFiles.class.getClassLoader().getResource(FOLDER);
        if (url == null) {
            throw new IllegalStateException("no '" + FOLDER + "' folder on the class path (event-schema missing?)");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return walk(fs.provider().getPath(uri), mapper);
            }
            return walk(Path.of(uri), mapper);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the schema files", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad schema folder URL " + url, e);
        }
    }

    private static SchemaFiles walk(Path root, JsonMapper mapper) throws IOException {
        Map<String, Schema> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json"))::iterator) {
                byte[] bytes = Files.readAllBytes(file);
                JsonNode tree = mapper.readValue(bytes, JsonNode.class);
                JsonNode id = tree == null ? null : tree.get("$id");
                if (id == null || !id.isString() || !id.getStringValue().startsWith(EventCatalog.SCHEMA_BASE_URI)) {
                    // not a contract schema (e.g. a data file next to them): nothing to serve under an $id path
                    continue;
                }
                String path = id.getStringValue().substring(EventCatalog.SCHEMA_BASE_URI.length());
                found.put(path, new Schema(path, id.getStringValue(), bytes, tree));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no schema with an $id under " + EventCatalog.SCHEMA_BASE_URI + " in " + root);
        }
        return new SchemaFiles(found);
    }

    Optional<Schema> byPath(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    Optional<Schema> byId(String id) {
        return id.startsWith(EventCatalog.SCHEMA_BASE_URI)
            ? byPath(id.substring(EventCatalog.SCHEMA_BASE_URI.length())) : Optional.empty();
    }

    Map<String, Schema> all() {
        return byPath;
    }
}
