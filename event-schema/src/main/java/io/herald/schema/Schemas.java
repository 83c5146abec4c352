package io.herald.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.util.Locale;

/**
 * The schema registry shared by {@link EventContract} and {@link FrameContract}: one networknt factory that
 * maps {@link EventCatalog#SCHEMA_BASE_URI} to the classpath folder {@code schemas/} (so {@code $ref}s never
 * leave the jar), one strict JSON reader, and the mapping of networknt messages to {@link ValidationError}.
 */
final class Schemas {

    private static final String SCHEMA_FOLDER = "classpath:schemas/";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // Two parsers reading a duplicated key differently is a classic smuggling trick: refuse it.
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
        b -> b.jsonMapper(MAPPER).schemaMappers(m -> m.mapPrefix(EventCatalog.SCHEMA_BASE_URI, SCHEMA_FOLDER)));

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
        .pathType(PathType.JSON_POINTER)
        .formatAssertionsEnabled(true)
        .build();

    private Schemas() {
    }

    static ObjectReader reader() {
        return MAPPER.reader();
    }

    /** Compiles one schema file (relative to {@code schemas/}), resolving its {@code $ref}s eagerly. */
    static JsonSchema compile(String schemaPath) {
        try {
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(EventCatalog.SCHEMA_BASE_URI + schemaPath), CONFIG);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot load schema " + schemaPath + " from the classpath: " + e.getMessage(), e);
        }
    }

    /** Compiles a schema document read from a catalogue, resolving its {@code $ref}s eagerly. */
    static JsonSchema compile(JsonNode doc, String location) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(location), doc, CONFIG);
        schema.initializeValidators();
        return schema;
    }

    /** Checks a schema document against the JSON Schema 2020-12 meta-schema. */
    static java.util.Set<ValidationMessage> checkAgainstMetaSchema(JsonNode doc) {
        return MetaHolder.META.validate(doc);
    }

    private static final class MetaHolder {
        static final JsonSchema META = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"),
            SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build());
    }

    static ValidationError toError(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        String message = m.getMessage();
        // networknt prefixes the message with the instance location ("/details: ..."); the pointer carries it.
        if (message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        String pointer = location;
        String type = m.getType();
        if (m.getProperty() != null && ("required".equals(type) || "additionalProperties".equals(type))) {
            // Point at the missing or unexpected property itself rather than at its parent object.
            pointer = location + "/" + m.getProperty().replace("~", "~0").replace("/", "~1");
        }
        return new ValidationError(pointer, message);
    }

    /** A one-line description of a JSON parse failure, without Jackson's source dump. */
    static String describe(IOException e) {
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        String where = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
            ? " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() + ")" : "";
        if (detail == null) {
            detail = "unreadable";
        }
        int nl = detail.indexOf('\n');
        String line = nl >= 0 ? detail.substring(0, nl) : detail;
        return (line.length() > 200 ? line.substring(0, 200) + "..." : line) + where;
    }

    static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case OBJECT -> "an object";
            default -> n.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }
}
