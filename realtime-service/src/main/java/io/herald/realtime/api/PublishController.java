package io.herald.realtime.api;

import io.herald.bus.BusUnavailableException;
import io.herald.bus.EventBus;
import io.herald.bus.PublishResult;
import io.herald.bus.contract.EventCheck;
import io.herald.bus.contract.Verdict;
import io.herald.schema.ChannelName;
import io.herald.support.apikey.ConfiguredKeys;
import io.herald.support.log.RateLimitedWarning;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server HTTP API: {@code POST /api/publish} and {@code POST /api/broadcast}, authorised by a server
 * API key ({@code Authorization: apikey <key>} or {@code X-API-Key: <key>}), answering with stream offsets. Events are
 * validated against the contract first (400 with the errors), then published through the same stream as NATS
 * publishers, so ordering and recovery are the same for both paths. Errors are {@code application/problem+json}.
 */
@Controller("/api")
@Tag(name = "publish", description = "Server-to-server publishing (server API key)")
@SecurityRequirement(name = "serverApiKey")
@SecurityRequirement(name = "serverXApiKey")
final class PublishController {

    private static final Logger LOG = LoggerFactory.getLogger(PublishController.class);
    /** One line per 10 s while publishes keep failing (a NATS outage would otherwise log every request). */
    private static final RateLimitedWarning PUBLISH_FAILURES = new RateLimitedWarning(LOG, Duration.ofSeconds(10));
    private static final MediaType PROBLEM = MediaType.of("application/problem+json");
    /**
     * The request is parsed once with the same JSON library the contract validates with: the parsed event is
     * validated as it is and serialised once for the stream (no second parse for validation).
     */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final EventBus bus;
    private final EventCheck check;
    private final Rehearsals rehearsals;
    private final ConfiguredKeys keys;
    private final int maxBodyBytes;
    private final int maxBroadcastChannels;

    PublishController(EventBus bus, EventCheck check, ApiConfiguration config, Rehearsals rehearsals) {
        this.bus = bus;
        this.check = check;
        this.rehearsals = rehearsals;
        this.keys = ConfiguredKeys.of(config.serverApiKeys());
        this.maxBodyBytes = config.maxBodyBytes();
        this.maxBroadcastChannels = config.maxBroadcastChannels();
        if (keys.isEmpty()) {
            LOG.warn("HERALD_SERVER_API_KEY is not set: POST /api/publish and /api/broadcast answer 503");
        }
    }

    @Operation(summary = "Publish one event to one channel",
        description = "Validates the event against the contract for the channel, publishes it on the JetStream stream "
            + "and answers its stream offset. An Idempotency-Key header becomes Nats-Msg-Id (a repeat within 2 min "
            + "is not stored again and is answered with duplicate: true).",
        requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json", examples = @ExampleObject(
            value = "{\"channel\":\"exports:7c1e…\",\"data\":{\"version\":\"v3-beta\",\"event\":\"job.created\",\"guid\":\"b421…\",\"status\":\"queueing\",\"url\":null}}"))))
    @ApiResponse(responseCode = "200", description = "{\"channel\",\"offset\",\"epoch\",\"duplicate\"}")
    @ApiResponse(responseCode = "400", description = "invalid-request, invalid-channel or invalid-event (with the validation errors)",
        content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "401", description = "missing or wrong server API key", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "body larger than herald.realtime.api.max-body-bytes", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "a Content-Type other than JSON", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "bus-unavailable (NATS down) or api-disabled (no server key configured)",
        content = @Content(mediaType = "application/problem+json"))
    @Post(uri = "/publish", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<HttpResponse<?>> publish(HttpRequest<?> request,
                                               @Nullable @Header("X-API-Key") String apiKey,
                                               @Nullable @Header("Idempotency-Key") String idempotencyKey,
                                               @Nullable @Body byte[] body) {
        // The hottest HTTP route: the standard headers are read from the request rather than bound one by one, and
        // the body arrives as bytes (parsed once, by the JSON parser's UTF-8 path).
        HttpHeaders headers = request.getHeaders();
        HttpResponse<?> refused = authorise(headers.get(HttpHeaders.AUTHORIZATION), apiKey);
        if (refused == null) {
            refused = notJson(headers.get(HttpHeaders.CONTENT_TYPE));
        }
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        JsonNode root;
        try {
            root = parse(body);
        } catch (BadRequest e) {
            return CompletableFuture.completedFuture(e.response);
        }
        JsonNode channel = root.get("channel");
        if (channel == null || !channel.isTextual()) {
            return done(problem(HttpStatus.BAD_REQUEST, "invalid-request", "\"channel\" must be a string", null));
        }
        byte[] data;
        try {
            data = event(root, channel.asText(), null);
        } catch (BadRequest e) {
            return CompletableFuture.completedFuture(e.response);
        }
        // this process's start-up rehearsal (see Rehearsals) takes the same path to the bus, which stores it nowhere
        CompletableFuture<PublishResult> published = rehearsals.matches(headers.get(Rehearsals.HEADER))
            ? bus.rehearse(channel.asText(), data)
            : bus.publish(channel.asText(), data, idempotencyKey);
        return published
            .<HttpResponse<?>>thenApply(result -> HttpResponse.ok(offsetJson(result)).contentType(MediaType.APPLICATION_JSON_TYPE))
            .exceptionally(PublishController::unavailable);
    }

    @Operation(summary = "Publish one event to several channels",
        description = "Validates the event for every channel first (nothing is published if one is invalid), then "
            + "publishes one message per channel and answers each offset.",
        requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json", examples = @ExampleObject(
            value = "{\"channels\":[\"order_changes@acme\"],\"data\":{\"event\":\"order:created\",\"data\":{\"id\":123},\"timestamp\":\"2026-01-25T10:30:00.000Z\"}}"))))
    @ApiResponse(responseCode = "200", description = "{\"results\":[{\"channel\",\"offset\",\"epoch\"}…],\"epoch\"}")
    @ApiResponse(responseCode = "400", description = "invalid-request, invalid-channel or invalid-event (with the validation errors)",
        content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "401", description = "missing or wrong server API key", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "413", description = "body larger than herald.realtime.api.max-body-bytes", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "a Content-Type other than JSON", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "bus-unavailable (NATS down) or api-disabled (no server key configured)",
        content = @Content(mediaType = "application/problem+json"))
    @Post(uri = "/broadcast", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<HttpResponse<?>> broadcast(@Nullable @Header("Authorization") String authorization,
                                                 @Nullable @Header("X-API-Key") String apiKey,
                                                 @Nullable @Header("Content-Type") String contentType,
                                                 @Nullable @Body String body) {
        HttpResponse<?> refused = authorise(authorization, apiKey);
        if (refused == null) {
            refused = notJson(contentType);
        }
        if (refused != null) {
            return done(refused);
        }
        JsonNode root;
        List<String> channels = new ArrayList<>();
        List<byte[]> events = new ArrayList<>();
        try {
            root = parse(body);
            JsonNode list = root.get("channels");
            if (list == null || !list.isArray() || list.size() == 0) {
                return done(problem(HttpStatus.BAD_REQUEST, "invalid-request", "\"channels\" must be a non-empty array of strings", null));
            }
            if (list.size() > maxBroadcastChannels) {
                return done(problem(HttpStatus.BAD_REQUEST, "too-many-channels", "at most " + maxBroadcastChannels
                    + " channels per broadcast (herald.realtime.api.max-broadcast-channels), got " + list.size(), null));
            }
            byte[] data = null;
            for (JsonNode node : list) {
                if (!node.isTextual()) {
                    return done(problem(HttpStatus.BAD_REQUEST, "invalid-request", "\"channels\" must contain strings", null));
                }
                channels.add(node.asText());
                data = event(root, node.asText(), data);
                events.add(data);
            }
        } catch (BadRequest e) {
            return done(e.response);
        }
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            futures.add(bus.publish(channels.get(i), events.get(i), null));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
            .<HttpResponse<?>>thenApply(ignored -> {
                StringBuilder json = new StringBuilder(64 * futures.size()).append("{\"results\":[");
                for (int i = 0; i < futures.size(); i++) {
                    json.append(i == 0 ? "" : ",").append(offsetJson(futures.get(i).join()));
                }
                json.append("],\"epoch\":\"").append(JsonStringEncoder.getInstance().quoteAsString(bus.epoch())).append("\"}");
                return HttpResponse.ok(json.toString()).contentType(MediaType.APPLICATION_JSON_TYPE);
            })
            .exceptionally(PublishController::unavailable);
    }

    /** The request's {@code data}, serialised once for every channel it is published to. */
    private static byte[] serialisedData(JsonNode root) throws BadRequest {
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new BadRequest(problem(HttpStatus.BAD_REQUEST, "invalid-request", "\"data\" must be the event JSON object", null));
        }
        try {
            return JSON.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new BadRequest(problem(HttpStatus.BAD_REQUEST, "invalid-request", "\"data\" could not be serialised", null));
        }
    }

    /**
     * Checks the channel, then validates the request's event for it.
     *
     * @param serialised the event as serialised for an earlier channel of the same request, or null
     * @return the event serialised for the stream
     */
    private byte[] event(JsonNode root, String channel, byte[] serialised) throws BadRequest {
        if (!ChannelName.isValid(channel)) {
            String why;
            try {
                ChannelName.parse(channel);
                why = "invalid channel";
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
            throw new BadRequest(problem(HttpStatus.BAD_REQUEST, "invalid-channel", why + ": " + channel, null));
        }
        byte[] bytes = serialised != null ? serialised : serialisedData(root);
        Verdict verdict = check.check(channel, root.get("data"), bytes);
        if (!verdict.valid()) {
            throw new BadRequest(problem(HttpStatus.BAD_REQUEST, "invalid-event",
                "the event does not match the contract for channel " + channel, verdict.errors()));
        }
        return bytes;
    }

    private JsonNode parse(String body) throws BadRequest {
        return parse(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode parse(byte[] body) throws BadRequest {
        if (body == null || blank(body)) {
            throw new BadRequest(problem(HttpStatus.BAD_REQUEST, "invalid-request", "request body is empty", null));
        }
        if (body.length > maxBodyBytes) {
            throw new BadRequest(problem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                "request body exceeds " + maxBodyBytes + " bytes", null));
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new BadRequest(problem(HttpStatus.BAD_REQUEST, "invalid-request", "request body must be a JSON object", null));
            }
            return root;
        } catch (IOException | RuntimeException e) {
            throw new BadRequest(problem(HttpStatus.BAD_REQUEST, "invalid-request", "request body is not valid JSON", null));
        }
    }

    private static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A body that says it is not JSON is refused (a missing Content-Type is read as JSON). */
    static HttpResponse<?> notJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
            return null;
        }
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
            "the body must be JSON (Content-Type: application/json), was " + type, null);
    }

    /** A body over the server's request-size limit, refused before it reaches the handler. */
    @Error(exception = ContentLengthExceededException.class)
    HttpResponse<?> tooLarge(ContentLengthExceededException e) {
        return problem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
            "request body exceeds " + maxBodyBytes + " bytes", null);
    }

    private HttpResponse<?> authorise(String authorization, String apiKey) {
        if (keys.isEmpty()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "api-disabled", "the server API key is not configured", null);
        }
        if (keys.matches(ConfiguredKeys.presented(authorization, apiKey))) {
            return null;
        }
        return problem(HttpStatus.UNAUTHORIZED, "unauthorized",
            "a valid server API key is required (Authorization: apikey <key> or X-API-Key)", null);
    }

    /** {@code {"channel","offset","epoch"}} (+ {@code "duplicate": true}), written directly: every publish answers it. */
    private String offsetJson(PublishResult result) {
        StringBuilder json = new StringBuilder(96).append("{\"channel\":\"");
        json.append(JsonStringEncoder.getInstance().quoteAsString(result.channel()));
        json.append("\",\"offset\":").append(result.offset()).append(",\"epoch\":\"");
        json.append(JsonStringEncoder.getInstance().quoteAsString(bus.epoch())).append('"');
        if (result.duplicate()) {
            json.append(",\"duplicate\":true");
        }
        return json.append('}').toString();
    }

    private static HttpResponse<?> unavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause instanceof BusUnavailableException ? cause.getMessage() : "the event stream refused the publish";
        PUBLISH_FAILURES.warn("publish failed: {}", cause.toString());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "bus-unavailable", message, null);
    }

    private static CompletableFuture<HttpResponse<?>> done(HttpResponse<?> response) {
        return CompletableFuture.completedFuture(response);
    }

    static HttpResponse<?> problem(HttpStatus status, String type, String detail, List<String> errors) {
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

    private static final class BadRequest extends Exception {
        final HttpResponse<?> response;

        BadRequest(HttpResponse<?> response) {
            super(null, null, false, false);
            this.response = response;
        }
    }
}
