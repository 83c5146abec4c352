package io.herald.realtime.api;

import io.herald.bus.BusUnavailableException;
import io.herald.bus.EventBus;
import io.herald.schema.SessionCommand;
import io.herald.support.apikey.ConfiguredKeys;
import io.herald.support.log.RateLimitedWarning;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/disconnect {"user":"…"}}: ends every connection of a user on every realtime instance (Herald
 * WebSocket endpoints with 4009, Centrifugo with 3503, SSE streams with a final {@code disconnect} event). Authorised
 * by a server API key like {@code /api/publish}; the command travels over the bus, so the answer is 202 Accepted as
 * soon as it is stored, before the instances have closed anything.
 */
@Controller("/api")
@Tag(name = "sessions", description = "Ending user sessions (server API key)")
@SecurityRequirement(name = "serverApiKey")
@SecurityRequirement(name = "serverXApiKey")
final class DisconnectController {

    private static final Logger LOG = LoggerFactory.getLogger(DisconnectController.class);
    private static final RateLimitedWarning FAILURES = new RateLimitedWarning(LOG, Duration.ofSeconds(10));

    private final EventBus bus;
    private final JsonMapper mapper;
    private final ConfiguredKeys keys;
    private final int maxUserLength;
    private final int maxBodyBytes;
    private final Clock clock = Clock.systemUTC();

    DisconnectController(EventBus bus, JsonMapper mapper, ApiConfiguration api, SessionsConfiguration sessions) {
        this.bus = bus;
        this.mapper = mapper;
        this.keys = ConfiguredKeys.of(api.serverApiKeys());
        this.maxUserLength = sessions.maxUserLength();
        this.maxBodyBytes = api.maxBodyBytes();
    }

    @Operation(summary = "Disconnect every connection of a user",
        description = "Broadcasts a disconnect to every realtime instance; each closes the user's connections within "
            + "a second: Herald WebSocket endpoints with close code 4009 (do not reconnect with this token), "
            + "Centrifugo connections with 3503 (force disconnect, no reconnect), SSE streams after a final "
            + "'disconnect' event. user is the user's id (the token's sub) or its externalId. New connections are "
            + "accepted afterwards; revoke the user's API key or the user in auth-service to refuse its tokens.",
        requestBody = @RequestBody(required = true, content = @Content(mediaType = "application/json",
            examples = @ExampleObject(value = "{\"user\":\"7c1e2f4a-…\"}"))))
    @ApiResponse(responseCode = "202", description = "{\"user\",\"status\":\"accepted\"}: the command was broadcast")
    @ApiResponse(responseCode = "400", description = "invalid-request: the body is not {\"user\":\"<non-empty string>\"}",
        content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "401", description = "missing or wrong server API key", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "415", description = "a Content-Type other than JSON", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "bus-unavailable (NATS down) or api-disabled (no server key configured)",
        content = @Content(mediaType = "application/problem+json"))
    @Post(uri = "/disconnect", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<HttpResponse<?>> disconnect(@Nullable @Header("Authorization") String authorization,
                                                  @Nullable @Header("X-API-Key") String apiKey,
                                                  @Nullable @Header("Content-Type") String contentType,
                                                  @Nullable @Body String body) {
        if (keys.isEmpty()) {
            return done(PublishController.problem(HttpStatus.SERVICE_UNAVAILABLE, "api-disabled",
                "the server API key is not configured", null));
        }
        if (!keys.matches(ConfiguredKeys.presented(authorization, apiKey))) {
            return done(PublishController.problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                "a valid server API key is required (Authorization: apikey <key> or X-API-Key)", null));
        }
        HttpResponse<?> notJson = PublishController.notJson(contentType);
        if (notJson != null) {
            return done(notJson);
        }
        if (body != null && body.length() > maxBodyBytes) {
            return done(PublishController.problem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                "request body exceeds " + maxBodyBytes + " bytes", null));
        }
        String user;
        try {
            user = user(body);
        } catch (IllegalArgumentException e) {
            return done(PublishController.problem(HttpStatus.BAD_REQUEST, "invalid-request", e.getMessage(), null));
        }
        return bus.broadcast(SessionCommand.TOPIC, SessionCommand.disconnect(user, clock.millis()).toJson())
            .<HttpResponse<?>>thenApply(ignored -> {
                Map<String, Object> accepted = new LinkedHashMap<>();
                accepted.put("user", user);
                accepted.put("status", "accepted");
                return HttpResponse.accepted().body(accepted);
            })
            .exceptionally(DisconnectController::unavailable);
    }

    private String user(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("request body is empty; send {\"user\":\"<user id>\"}");
        }
        JsonNode root;
        try {
            root = mapper.readValue(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object {\"user\":\"<user id>\"}");
        }
        JsonNode user = root.get("user");
        if (user == null || !user.isString()) {
            throw new IllegalArgumentException("\"user\" must be a string (the user's id or externalId)");
        }
        String value = user.getStringValue().trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("\"user\" must not be empty");
        }
        if (value.length() > maxUserLength) {
            throw new IllegalArgumentException("\"user\" is longer than " + maxUserLength + " characters");
        }
        return value;
    }

    private static HttpResponse<?> unavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        FAILURES.warn("disconnect not broadcast: {}", cause.toString());
        String message = cause instanceof BusUnavailableException ? cause.getMessage() : "the bus refused the command";
        return PublishController.problem(HttpStatus.SERVICE_UNAVAILABLE, "bus-unavailable", message, null);
    }

    private static CompletableFuture<HttpResponse<?>> done(HttpResponse<?> response) {
        return CompletableFuture.completedFuture(response);
    }
}
