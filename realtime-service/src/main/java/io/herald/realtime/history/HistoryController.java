package io.herald.realtime.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.herald.realtime.auth.ChannelAccess;
import io.herald.realtime.auth.Claims;
import io.herald.realtime.auth.InvalidTokenException;
import io.herald.realtime.auth.SubscribeDecision;
import io.herald.realtime.auth.TokenExtractor;
import io.herald.realtime.auth.TokenVerifier;
import io.herald.bus.BusEvent;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.recovery.HistoryReplay;
import io.herald.realtime.recovery.Recovery;
import io.herald.realtime.transport.herald.HeraldProtocol;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/history?channel=&since=&limit=}: a channel's events after an offset, for a user's token (Bearer,
 * the {@code herald_session} cookie or {@code ?token=}), with the permissions of subscribing. The events are those a
 * WebSocket recovery with {@code since} sends ({@link HistoryReplay}: same contract check, same throttle, all or
 * nothing), each the event JSON with {@code channel} and {@code offset} as on {@code /ws}.
 *
 * <p>Runs on the blocking pool: token verification may fetch the JWKS and the replay reads the stream.
 */
@Controller("/api/history")
@Tag(name = "history", description = "A channel's past events (user token)")
@SecurityScheme(name = "userBearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityScheme(name = "userCookie", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
    paramName = TokenExtractor.SESSION_COOKIE)
@SecurityRequirement(name = "userBearer")
@SecurityRequirement(name = "userCookie")
public final class HistoryController {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenVerifier verifier;
    private final HistoryReplay replay;
    private final HeraldProtocol codec;
    private final HistoryConfiguration config;

    HistoryController(TokenVerifier verifier, HistoryReplay replay, HeraldProtocol codec, HistoryConfiguration config) {
        this.verifier = verifier;
        this.replay = replay;
        this.codec = codec;
        this.config = config;
    }

    @Operation(summary = "A channel's events after an offset",
        description = "Answers the stored events of the channel after `since` (0: from the oldest stored), in order, "
            + "each the event JSON with `channel` and `offset` as delivered on the WebSocket, progress events throttled "
            + "as live. `recovered: false` (and no events) means the range is no longer stored, is longer than the "
            + "recovery bound, or belongs to another epoch: read again from `latestOffset`. With `more: true`, ask again "
            + "with `since` = `next`.")
    @ApiResponse(responseCode = "200", description = "{\"channel\",\"recovered\",\"epoch\",\"latestOffset\",\"events\":[…],\"more\",\"next\"}",
        content = @Content(mediaType = "application/json"))
    @ApiResponse(responseCode = "400", description = "invalid-channel or invalid-request (since, limit)",
        content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "401", description = "missing, invalid or expired token", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "the token may not subscribe to the channel", content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "bus-unavailable: the stream could not be read", content = @Content(mediaType = "application/problem+json"))
    @Get(produces = {MediaType.APPLICATION_JSON, "application/problem+json"})
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> history(HttpRequest<?> request,
                            @Parameter(description = "the channel as a subscriber writes it (short tenant names allowed)")
                            @Nullable @QueryValue String channel,
                            @Parameter(description = "answer events with a greater offset; 0 or absent: from the oldest stored")
                            @Nullable @QueryValue String since,
                            @Parameter(description = "most events answered; lowered to herald.realtime.history.max-limit")
                            @Nullable @QueryValue String limit,
                            @Parameter(description = "the token, when it is not sent as Authorization: Bearer or cookie")
                            @Nullable @QueryValue String token) {
        Claims claims;
        try {
            String presented = TokenExtractor.from(request)
                .orElseThrow(() -> new InvalidTokenException("no token"));
            claims = verifier.verify(presented);
        } catch (InvalidTokenException e) {
            LOG.debug("history refused: {}", e.getMessage());
            return Problem.of(HttpStatus.UNAUTHORIZED, "unauthorized",
                "a valid token is required (Authorization: Bearer, the herald_session cookie or ?token=)");
        }
        if (channel == null || channel.isBlank()) {
            return Problem.of(HttpStatus.BAD_REQUEST, "invalid-request", "the \"channel\" query parameter is required");
        }
        long from;
        int max;
        try {
            from = since == null || since.isBlank() ? 0 : Long.parseLong(since.trim());
            max = limit == null || limit.isBlank() ? config.defaultLimit() : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            return Problem.of(HttpStatus.BAD_REQUEST, "invalid-request", "\"since\" and \"limit\" must be integers");
        }
        if (from < 0 || max < 1) {
            return Problem.of(HttpStatus.BAD_REQUEST, "invalid-request",
                "\"since\" must be a non-negative offset and \"limit\" a positive count");
        }
        max = Math.min(max, config.maxLimit());
        SubscribeDecision decision = ChannelAccess.decide(claims, channel);
        if (!decision.allowed()) {
            boolean bad = "bad_channel".equals(decision.errorCode());
            return Problem.of(bad ? HttpStatus.BAD_REQUEST : HttpStatus.FORBIDDEN,
                bad ? "invalid-channel" : "forbidden", decision.message());
        }
        Recovery recovery;
        try {
            recovery = replay.replay(decision.channel(), from, null);
        } catch (RuntimeException e) {
            LOG.warn("history of channel {} could not be read: {}", decision.channel(), e.toString());
            return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "bus-unavailable", "the event stream could not be read");
        }
        return HttpResponse.ok(body(decision.displayChannel(), recovery, from, max)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private byte[] body(String display, Recovery recovery, long since, int max) {
        ObjectNode root = JSON.createObjectNode();
        root.put("channel", display);
        root.put("recovered", recovery.recovered());
        root.put("epoch", recovery.epoch());
        root.put("latestOffset", recovery.latestOffset());
        ArrayNode events = root.putArray("events");
        List<BusEvent> all = recovery.events();
        long next = since;
        for (int i = 0; i < all.size() && i < max; i++) {
            BusEvent event = all.get(i);
            EncodedFrame frame = codec.encode(new Delivery(event.channel(), event.offset(), event.timestampMillis(), event.data()), display);
            events.addRawValue(new RawValue(new String(frame.utf8(), StandardCharsets.UTF_8)));
            next = Math.max(next, event.offset());
        }
        boolean more = all.size() > max;
        root.put("more", more);
        root.put("next", recovery.recovered() ? next : recovery.latestOffset());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("history response could not be written", e);
        }
    }
}
