package io.herald.realtime.catalog;

import io.herald.support.apikey.ConfiguredKeys;
import io.herald.realtime.api.ApiConfiguration;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.Verdict;
import io.herald.schema.AsyncApiDocument;
import io.herald.schema.ChannelName;
import io.herald.schema.EventCatalog;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contract artefacts for producers: validate an event without publishing it, list the event catalogue, serve every
 * JSON Schema under the path of its {@code $id} and the AsyncAPI document generated from the loaded catalogue
 * ({@code /asyncapi.yaml}, {@code /asyncapi.json}). {@code /api/validate} takes the same body, server API key and limits
 * as {@code POST /api/publish} and answers with the same problem+json errors, so a producer's CI can check payloads
 * against a running Herald.
 */
@Controller
@Tag(name = "contract", description = "Event catalogue, schemas and validation for producers")
final class CatalogController {

    /** Where the schemas are served; each under the path of its {@code $id} below the schema base URI. */
    static final String SCHEMAS_PATH = "/schemas";

    /** Where the AsyncAPI document is served, as {@code .yaml} and {@code .json}. */
    static final String ASYNCAPI_PATH = "/asyncapi";

    private static final String YAML = "application/yaml";
    private static final MediaType YAML_TYPE = MediaType.of(YAML);
    private static final MediaType PROBLEM = MediaType.of("application/problem+json");
    private static final MediaType SCHEMA_JSON = MediaType.of("application/schema+json");

    private final EventCheck check;
    private final JsonMapper mapper;
    private final ConfiguredKeys keys;
    private final int maxBodyBytes;
    private final SchemaFiles schemas;
    private final byte[] eventTypes;
    private final byte[] asyncApiYaml;
    private final byte[] asyncApiJson;

    CatalogController(EventCheck check, JsonMapper mapper, ApiConfiguration config, EventCatalog catalog) {
        this.check = check;
        this.mapper = mapper;
        this.keys = ConfiguredKeys.of(config.serverApiKeys());
        this.maxBodyBytes = config.maxBodyBytes();
        this.schemas = SchemaFiles.load(mapper);
        this.eventTypes = EventTypesDocument.encode(catalog, schemas, mapper);
        AsyncApiDocument asyncApi = AsyncApiDocument.of(catalog);
        this.asyncApiYaml = asyncApi.yaml();
        this.asyncApiJson = asyncApi.json();
    }

    @Operation(summary = "Validate an event without publishing it",
        description = "Checks the body exactly as POST /api/publish does (server API key, body limit, channel name, "
            + "the event against the contract for the channel) and publishes nothing. A producer's CI can send every "
            + "payload it emits here.",
        requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json", examples = @ExampleObject(
            value = "{\"channel\":\"order_changes@acme\",\"data\":{\"event\":\"order:updated\",\"data\":{\"id\":123,\"changed_fields\":{\"status\":\"paid\"}},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}}"))))
    @ApiResponse(responseCode = "200", description = "valid: {\"valid\": true, \"channel\", \"type\", \"progress\"}")
    @ApiResponse(responseCode = "400", description = "invalid-request, invalid-channel or invalid-event (with the validation errors in \"errors\")",
        content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "401", description = "missing or wrong server API key", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "body larger than herald.realtime.api.max-body-bytes", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "api-disabled (no server key configured)", content = @Content(mediaType = "application/problem+json"))
    @SecurityRequirement(name = "serverApiKey")
    @SecurityRequirement(name = "serverXApiKey")
    @Post(uri = "/api/validate", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> validate(@Nullable @Header("Authorization") String authorization,
                             @Nullable @Header("X-API-Key") String apiKey,
                             @Nullable @Body String body) {
        if (keys.isEmpty()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "api-disabled", "the server API key is not configured", null);
        }
        if (!keys.matches(ConfiguredKeys.presented(authorization, apiKey))) {
            return problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                "a valid server API key is required (Authorization: apikey <key> or X-API-Key)", null);
        }
        if (body == null || body.isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "request body is empty", null);
        }
        if (body.length() > maxBodyBytes) {
            return problem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large", "request body exceeds " + maxBodyBytes + " bytes", null);
        }
        JsonNode root;
        try {
            root = mapper.readValue(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "request body is not valid JSON", null);
        }
        if (root == null || !root.isObject()) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "request body must be a JSON object", null);
        }
        JsonNode channelNode = root.get("channel");
        if (channelNode == null || !channelNode.isString()) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "\"channel\" must be a string", null);
        }
        String channel = channelNode.getStringValue();
        if (!ChannelName.isValid(channel)) {
            String why;
            try {
                ChannelName.parse(channel);
                why = "invalid channel";
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
            return problem(HttpStatus.BAD_REQUEST, "invalid-channel", why + ": " + channel, null);
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "\"data\" must be the event JSON object", null);
        }
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(data);
        } catch (IOException e) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "\"data\" could not be serialised", null);
        }
        Verdict verdict = check.check(channel, bytes);
        if (!verdict.valid()) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-event",
                "the event does not match the contract for channel " + channel, verdict.errors());
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("valid", true);
        ok.put("channel", channel);
        ok.put("type", verdict.type());
        ok.put("progress", verdict.progress());
        return HttpResponse.ok(ok);
    }

    @Operation(summary = "The event catalogue",
        description = "Every channel namespace (name pattern, who may subscribe, the event types it carries) and every "
            + "event type (family, whether it is a throttled progress event, its namespaces, its JSON Schema inline and "
            + "its URL under /schemas, one example). No key needed: the contract is public.")
    @ApiResponse(responseCode = "200", description = "{\"namespaces\": [...], \"eventTypes\": [...]}")
    @Get(uri = "/api/event-types", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> eventTypes() {
        return HttpResponse.ok(eventTypes).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Operation(summary = "The AsyncAPI 3.0 document (YAML)",
        description = "NATS subjects and WebSocket endpoints, generated from the event catalogue this service runs with "
            + "(built-ins plus HERALD_CATALOG_DIR): one channel per namespace (address pattern, who may subscribe), one "
            + "message per event type with its JSON Schema, the protocol frames. Herald's own schemas are $refs to "
            + "./schemas/..., served under /schemas; an operator's are inline. No key needed: the contract is public.")
    @ApiResponse(responseCode = "200", description = "AsyncAPI 3.0 in YAML")
    @Get(uri = ASYNCAPI_PATH + ".yaml", produces = YAML)
    HttpResponse<byte[]> asyncApiYaml() {
        return HttpResponse.ok(asyncApiYaml).contentType(YAML_TYPE);
    }

    @Operation(summary = "The AsyncAPI 3.0 document (JSON)",
        description = "The same document as /asyncapi.yaml, in JSON.")
    @ApiResponse(responseCode = "200", description = "AsyncAPI 3.0 in JSON")
    @Get(uri = ASYNCAPI_PATH + ".json", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> asyncApiJson() {
        return HttpResponse.ok(asyncApiJson).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    // Described in src/main/openapi/schemas.yml: the generator cannot describe a {+path} route.
    @Hidden
    @Get(uri = SCHEMAS_PATH + "/{+path}", produces = "application/schema+json")
    HttpResponse<?> schema(@PathVariable String path) {
        return schemas.byPath(path)
            .<HttpResponse<?>>map(s -> HttpResponse.ok(s.bytes()).contentType(SCHEMA_JSON))
            .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "no-such-schema", "no schema has the $id path " + path, null));
    }

    private static HttpResponse<?> problem(HttpStatus status, String type, String detail, List<String> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://herald.dev/problems/" + type);
        body.put("title", status.getReason());
        body.put("status", status.getCode());
        body.put("detail", detail);
        if (errors != null) {
            body.put("errors", errors);
        }
        return HttpResponse.status(status).contentType(PROBLEM).body(body);
    }
}
