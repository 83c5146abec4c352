package io.herald.realtime.transport.sse;

import io.herald.realtime.auth.ChannelAccess;
import io.herald.realtime.auth.Claims;
import io.herald.realtime.auth.InvalidTokenException;
import io.herald.realtime.auth.SubscribeDecision;
import io.herald.realtime.auth.TokenExtractor;
import io.herald.realtime.auth.TokenVerifier;
import io.herald.bus.BusEvent;
import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.recovery.HistoryReplay;
import io.herald.realtime.recovery.Recovery;
import io.herald.realtime.routing.RealtimeMetrics;
import io.herald.realtime.transport.LimitsConfiguration;
import io.herald.realtime.transport.herald.HeraldProtocol;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code GET /connection/sse}: the user's personal channels plus the {@code ?channel=} ones the token permits, as a
 * Server-Sent Events stream. The first event ({@code event: connected}) lists the channels (and, after a
 * {@code Last-Event-ID}, whether everything missed was recovered); then every event with {@code id:} its offset,
 * {@code event:} its type and {@code data:} its JSON as on {@code /ws}. A refused token or channel is answered with
 * problem+json before the stream starts.
 *
 * <p>Runs on the blocking pool: token verification may fetch the JWKS and a recovery reads the stream. The stream itself
 * is written by Netty from a bounded sink ({@code SseSession}); nothing blocks an event loop.
 */
@Controller("/connection/sse")
@Tag(name = "sse", description = "Server-Sent Events stream of the user's channels (user token)")
public final class SseController {

    private static final Logger LOG = LoggerFactory.getLogger(SseController.class);
    private static final MediaType PROBLEM = MediaType.of("application/problem+json");

    private final TokenVerifier verifier;
    private final Hub hub;
    private final HistoryReplay replay;
    private final SseCodec codec;
    private final LimitsConfiguration limits;
    private final SseConfiguration config;
    private final RealtimeMetrics metrics;
    private final JsonMapper mapper;

    SseController(TokenVerifier verifier, Hub hub, HistoryReplay replay, HeraldProtocol herald, LimitsConfiguration limits,
                  SseConfiguration config, RealtimeMetrics metrics, JsonMapper mapper) {
        this.verifier = verifier;
        this.hub = hub;
        this.replay = replay;
        this.codec = new SseCodec(herald);
        this.limits = limits;
        this.config = config;
        this.metrics = metrics;
        this.mapper = mapper;
    }

    @Operation(summary = "Server-Sent Events stream of the user's channels",
        description = "Token as Authorization: Bearer, the herald_session cookie or ?token=. The personal channels are "
            + "always included; add others with ?channel= (repeatable). id: is the event's offset; reconnecting with "
            + "Last-Event-ID (or ?lastEventId=) sends what was missed, exactly like since on the WebSocket. Heartbeat "
            + "comment lines keep idle streams open.")
    @ApiResponse(responseCode = "200", description = "text/event-stream")
    @ApiResponse(responseCode = "400", description = "invalid-channel, invalid-request (Last-Event-ID) or too-many-channels")
    @ApiResponse(responseCode = "401", description = "missing, invalid or expired token")
    @ApiResponse(responseCode = "403", description = "a ?channel= the token may not subscribe to")
    @ApiResponse(responseCode = "429", description = "too many connections for this user")
    @Get(produces = {MediaType.TEXT_EVENT_STREAM, "application/problem+json"})
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> stream(HttpRequest<?> request, @Nullable @QueryValue("channel") List<String> channel,
                           @Nullable @Header("Last-Event-ID") String lastEventIdHeader,
                           @Nullable @QueryValue("lastEventId") String lastEventIdQuery) {
        Claims claims;
        try {
            claims = verifier.verify(TokenExtractor.from(request).orElseThrow(() -> new InvalidTokenException("no token")));
        } catch (InvalidTokenException e) {
            LOG.debug("SSE refused: {}", e.getMessage());
            return problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                "a valid token is required (Authorization: Bearer, the herald_session cookie or ?token=)");
        }
        String lastEventId = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : lastEventIdQuery;
        Long since = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                since = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                since = -1L;
            }
            if (since < 0) {
                return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Last-Event-ID must be a non-negative offset");
            }
        }
        List<SubscribeDecision> decisions = new ArrayList<>();
        for (String personal : ChannelAccess.personalChannels(claims.userId())) {
            decisions.add(ChannelAccess.decide(claims, personal));
        }
        List<String> requested = channel == null ? List.of() : channel;
        if (decisions.size() + requested.size() > limits.subscriptionsPerConnection()) {
            return problem(HttpStatus.BAD_REQUEST, "too-many-channels",
                "at most " + limits.subscriptionsPerConnection() + " channels per connection");
        }
        for (String name : requested) {
            SubscribeDecision decision = ChannelAccess.decide(claims, name);
            if (!decision.allowed()) {
                boolean bad = "bad_channel".equals(decision.errorCode());
                return problem(bad ? HttpStatus.BAD_REQUEST : HttpStatus.FORBIDDEN, bad ? "invalid-channel" : "forbidden",
                    decision.message());
            }
            decisions.add(decision);
        }
        SseSession session = new SseSession("sse-" + UUID.randomUUID(), claims, codec, limits.outboundQueueFrames(),
            metrics::slowClient);
        if (!hub.register(session, limits.connectionsPerUser())) {
            return problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-connections",
                "at most " + limits.connectionsPerUser() + " connections per user");
        }
        if (since != null) {
            session.beginRecovery();
        }
        List<String> names = new ArrayList<>();
        for (SubscribeDecision decision : decisions) {
            hub.subscribe(session, decision.channel(), decision.displayChannel(), Integer.MAX_VALUE);
            names.add(decision.displayChannel());
        }
        if (since == null) {
            session.control(connected(claims, names, null));
        } else {
            recover(session, claims, decisions, names, since);
        }
        Disposable heartbeat = Flux.interval(config.heartbeat(), config.heartbeat()).subscribe(i -> session.tick(Instant.now()));
        Flux<Event<String>> events = session.events().doFinally(signal -> {
            heartbeat.dispose();
            hub.unregister(session);
            session.finished();
        });
        return HttpResponse.ok(events).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
    }

    /** Every channel from the client's position, merged by offset (one stream position for all of them). */
    private void recover(SseSession session, Claims claims, List<SubscribeDecision> decisions, List<String> names, long since) {
        boolean recovered = true;
        List<EncodedFrame> frames = new ArrayList<>();
        for (SubscribeDecision decision : decisions) {
            try {
                Recovery recovery = replay.replay(decision.channel(), since, null);
                recovered &= recovery.recovered();
                for (BusEvent event : recovery.events()) {
                    frames.add(codec.encode(new Delivery(event.channel(), event.offset(), event.timestampMillis(), event.data()),
                        decision.displayChannel()));
                }
            } catch (RuntimeException e) {
                LOG.warn("SSE recovery of channel {} failed: {}", decision.channel(), e.getMessage());
                recovered = false;
            }
        }
        frames.sort(Comparator.comparingLong(EncodedFrame::offset));
        session.endRecovery(connected(claims, names, recovered), frames, since);
    }

    private Event<String> connected(Claims claims, List<String> channels, Boolean recovered) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "connected");
        body.put("userId", claims.uid() != null ? claims.uid() : claims.userId());
        body.put("channels", channels);
        if (recovered != null) {
            body.put("recovered", recovered);
        }
        try {
            return Event.of(new String(mapper.writeValueAsBytes(body), StandardCharsets.UTF_8)).name("connected");
        } catch (IOException e) {
            throw new IllegalStateException("could not encode the connected event", e);
        }
    }

    private static HttpResponse<?> problem(HttpStatus status, String type, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://herald.dev/problems/" + type);
        body.put("title", status.getReason());
        body.put("status", status.getCode());
        body.put("detail", detail);
        return HttpResponse.status(status).contentType(PROBLEM).body(body);
    }
}
