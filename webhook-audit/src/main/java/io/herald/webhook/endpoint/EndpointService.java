package io.herald.webhook.endpoint;

import io.herald.webhook.audit.AttemptPage;
import io.herald.webhook.audit.AuditLog;
import io.herald.webhook.auth.Caller;
import io.herald.webhook.delivery.DeliveryStore;
import io.herald.webhook.delivery.Dispatcher;
import io.herald.webhook.delivery.Recovery;
import io.herald.webhook.events.ChannelRoute;
import io.herald.webhook.events.EventCatalogue;
import io.herald.webhook.signing.WebhookSigner;
import io.herald.webhook.ssrf.SsrfBlockedException;
import io.herald.webhook.ssrf.SsrfGuard;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The endpoints API's behaviour. Every operation is scoped to the caller: another user's id is "not found".
 * Validation failures are {@code HttpStatusException}s, which the API renders as problem+json.
 */
@Singleton
public class EndpointService {

    private static final int MAX_RATE_LIMIT = 10_000;
    private static final int MAX_HEADERS = 20;
    private static final int MAX_HEADER_VALUE = 1024;
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final java.util.regex.Pattern HEADER_VALUE =
            java.util.regex.Pattern.compile("[\\x20-\\x7E]{0," + MAX_HEADER_VALUE + "}");
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "user-agent", "host",
            "transfer-encoding", "connection");

    private static final Set<String> STATUSES = Set.of("sending", "success", "failed", "blocked");

    private final EndpointRepository repo;
    private final SecretCipher cipher;
    private final SsrfGuard guard;
    private final ApiConfig config;
    private final Clock clock;
    private final DeliveryStore deliveries;
    private final Dispatcher dispatcher;
    private final AuditLog audit;
    private final Recovery recovery;

    /**
     * @param repo       endpoint rows
     * @param cipher     secret cipher
     * @param guard      SSRF guard
     * @param config     API limits
     * @param clock      clock
     * @param deliveries delivery state
     * @param dispatcher dispatcher
     * @param audit      audit log
     * @param recovery   recover
     */
    public EndpointService(EndpointRepository repo, SecretCipher cipher, SsrfGuard guard, ApiConfig config,
                           Clock clock, DeliveryStore deliveries, Dispatcher dispatcher, AuditLog audit,
                           Recovery recovery) {
        this.repo = repo;
        this.cipher = cipher;
        this.guard = guard;
        this.config = config;
        this.clock = clock;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.recovery = recovery;
    }

    /**
     * @param caller caller
     * @param req    url and events required
     * @return the endpoint with its secret (shown once)
     */
    public EndpointView create(Caller caller, EndpointRequest req) {
        if (req == null || req.url() == null) {
            throw bad("url is required");
        }
        if (req.events() == null) {
            throw bad("events is required (event types, or [\"*\"] for all)");
        }
        String url = checkUrl(req.url());
        String events = checkEvents(req.events());
        checkDescription(req.description());
        Integer rateLimit = checkRateLimit(req.rateLimit());
        String headers = req.headers() == null ? null : checkHeaders(req.headers());
        if (repo.countOwned(caller.user()) >= config.maxEndpointsPerUser()) {
            throw new HttpStatusException(HttpStatus.CONFLICT,
                    "endpoint limit reached (" + config.maxEndpointsPerUser() + " per user)");
        }
        UUID id = UUID.randomUUID();
        String secret = WebhookSigner.newSecret(config.secretBytes());
        Instant now = clock.instant();
        Endpoint e = new Endpoint(id, caller.user(), caller.tenant(), url, events, req.description(),
                cipher.encrypt(secret, id.toString()), null, null, true, null, null, null, now, now, null, rateLimit, headers);
        repo.save(e);
        return EndpointView.of(e, secret);
    }

    /**
     * @param caller caller
     * @return the caller's endpoints
     */
    public List<EndpointView> list(Caller caller) {
        return repo.findAllOwned(caller.user()).stream().map(e -> EndpointView.of(e, null)).toList();
    }

    /**
     * @param caller caller
     * @param id     endpoint id
     * @return the endpoint
     */
    public EndpointView get(Caller caller, String id) {
        return EndpointView.of(owned(caller, id), null);
    }

    /**
     * @param caller caller
     * @param id     endpoint id
     * @param req    fields to change
     * @return the updated endpoint
     */
    public EndpointView update(Caller caller, String id, EndpointRequest req) {
        Endpoint e = owned(caller, id);
        if (req == null) {
            throw bad("body is required");
        }
        String url = req.url() == null ? e.url() : checkUrl(req.url());
        String events = req.events() == null ? e.events() : checkEvents(req.events());
        String description = req.description() == null ? e.description() : req.description();
        checkDescription(description);
        boolean enabled = req.enabled() == null ? e.enabled() : req.enabled();
        Integer rateLimit = req.rateLimit() == null ? e.rateLimit() : checkRateLimit(req.rateLimit());
        String headers = req.headers() == null ? e.headers() : checkHeaders(req.headers());
        Instant now = clock.instant();
        boolean reEnabled = enabled && !e.enabled();
        boolean disabledNow = !enabled && e.enabled();
        Endpoint u = new Endpoint(e.id(), e.ownerUuid(), e.tenant(), url, events, description, e.secretEnc(),
                e.previousSecretEnc(), e.previousSecretExpiresAt(), enabled,
                reEnabled ? null : disabledNow ? "user" : e.disabledReason(),
                reEnabled ? null : disabledNow ? now : e.disabledAt(),
                reEnabled ? null : e.failingSince(), e.createdAt(), now, null, rateLimit, headers);
        repo.update(u);
        return EndpointView.of(u, null);
    }

    /**
     * Soft-deletes: the endpoint stops receiving and disappears from the API; its audit rows stay until retention.
     *
     * @param caller caller
     * @param id     endpoint id
     */
    public void delete(Caller caller, String id) {
        Endpoint e = owned(caller, id);
        Instant now = clock.instant();
        repo.update(new Endpoint(e.id(), e.ownerUuid(), e.tenant(), e.url(), e.events(), e.description(),
                e.secretEnc(), e.previousSecretEnc(), e.previousSecretExpiresAt(), false, "deleted", now,
                e.failingSince(), e.createdAt(), now, now, e.rateLimit(), e.headers()));
    }

    /**
     * New secret; the previous one keeps signing (second signature) for {@code rotationOverlap}.
     *
     * @param caller caller
     * @param id     endpoint id
     * @return the endpoint with its new secret
     */
    public EndpointView rotate(Caller caller, String id) {
        Endpoint e = owned(caller, id);
        String secret = WebhookSigner.newSecret(config.secretBytes());
        Instant now = clock.instant();
        Endpoint u = new Endpoint(e.id(), e.ownerUuid(), e.tenant(), e.url(), e.events(), e.description(),
                cipher.encrypt(secret, e.id().toString()), e.secretEnc(), now.plus(config.rotationOverlap()),
                e.enabled(), e.disabledReason(), e.disabledAt(), e.failingSince(), e.createdAt(), now, null,
                e.rateLimit(), e.headers());
        repo.update(u);
        return EndpointView.of(u, secret);
    }

    /**
     * @param caller caller
     * @param id     endpoint id
     * @param status status filter
     * @param event  event filter
     * @param page   page
     * @param size   size
     * @return audit rows
     */
    public AttemptPage deliveries(Caller caller, String id, @Nullable String status, @Nullable String event, int page,
                                  int size) {
        Endpoint e = owned(caller, id);
        if (status != null && !STATUSES.contains(status)) {
            throw bad("status must be one of " + STATUSES);
        }
        if (page < 0 || size < 1 || size > config.maxPageSize()) {
            throw bad("page must be >= 0 and size in 1.." + config.maxPageSize());
        }
        return audit.list(e.id(), caller.user(), status, event, page, size);
    }

    /**
     * @param caller     caller
     * @param id         endpoint id
     * @param deliveryId the {@code webhook-id}
     */
    public void retry(Caller caller, String id, String deliveryId) {
        Endpoint e = owned(caller, id);
        if (!deliveries.exists(deliveryId, e.id())) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, "delivery not found");
        }
        if (!e.enabled()) {
            throw new HttpStatusException(HttpStatus.CONFLICT, "endpoint is disabled; re-enable it first");
        }
        if (deliveries.rearm(deliveryId, "manual", clock.instant()) == 0) {
            throw new HttpStatusException(HttpStatus.CONFLICT, "delivery is being sent right now");
        }
        dispatcher.submit(List.of(deliveryId));
    }

    /**
     * @param caller caller
     * @param id     endpoint id
     * @param since  RFC 3339 start (inclusive)
     * @param until  RFC 3339 end (exclusive); defaults to now
     * @return deliveries scheduled
     */
    public int recover(Caller caller, String id, @Nullable String since, @Nullable String until) {
        Endpoint e = owned(caller, id);
        if (!e.enabled()) {
            throw new HttpStatusException(HttpStatus.CONFLICT, "endpoint is disabled; re-enable it first");
        }
        Instant from = instant("since", since);
        Instant to = until == null ? clock.instant() : instant("until", until);
        if (from == null) {
            throw bad("since is required (RFC 3339)");
        }
        if (!from.isBefore(to)) {
            throw bad("since must be before until");
        }
        try {
            return recovery.recover(e, from, to, config.recoverMaxEvents());
        } catch (Exception ex) {
            throw new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, "event stream unavailable, try again");
        }
    }

    /**
     * Sends a {@code webhook.test} event to the endpoint.
     *
     * @param caller caller
     * @param id     endpoint id
     * @return the delivery id
     */
    public String test(Caller caller, String id) {
        Endpoint e = owned(caller, id);
        if (!e.enabled()) {
            throw new HttpStatusException(HttpStatus.CONFLICT, "endpoint is disabled; re-enable it first");
        }
        Instant now = clock.instant();
        String messageId = "test-" + UUID.randomUUID();
        String body = "{\"type\":\"webhook.test\",\"payload\":{\"endpointId\":\"" + e.id() + "\"},\"timestamp\":\""
                + now + "\"}";
        List<String> ids = deliveries.recordEvent(new DeliveryStore.EventRow(messageId, null,
                ChannelRoute.webhooksChannel(caller.user()), "webhook.test", body.getBytes(StandardCharsets.UTF_8), now),
                List.of(e), "manual", now, now, false);
        dispatcher.submit(ids);
        return ids.get(0);
    }

    private Endpoint owned(Caller caller, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, "endpoint not found");
        }
        return repo.findOwned(uuid, caller.user())
                .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "endpoint not found"));
    }

    private String checkUrl(String url) {
        if (url.isBlank() || url.length() > config.maxUrlLength()) {
            throw bad("url must be 1.." + config.maxUrlLength() + " characters");
        }
        try {
            guard.checkUrl(url);
        } catch (SsrfBlockedException ex) {
            throw bad(ex.getMessage());
        }
        return url;
    }

    private String checkEvents(List<String> events) {
        if (events.isEmpty() || events.size() > config.maxEvents()) {
            throw bad("events must list 1.." + config.maxEvents() + " event types, or [\"*\"]");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : events) {
            if (t == null || !EventCatalogue.isSubscribable(t)) {
                throw bad("unknown event type '" + t + "'" + (EventCatalogue.WEBHOOK_EVENT_CREATED.equals(t)
                        ? " (webhook.event.created is never delivered to webhooks)" : ""));
            }
            out.add(t);
        }
        if (out.contains(EventCatalogue.ALL)) {
            // '*' covers every type but progress ones, which stay listed when named
            Set<String> kept = new LinkedHashSet<>();
            kept.add(EventCatalogue.ALL);
            out.stream().filter(EventCatalogue::isProgress).forEach(kept::add);
            return String.join(",", kept);
        }
        return String.join(",", out);
    }

    /** @return the limit, or null for none (0 removes a limit) */
    private static Integer checkRateLimit(@Nullable Integer limit) {
        if (limit == null || limit == 0) {
            return null;
        }
        if (limit < 1 || limit > MAX_RATE_LIMIT) {
            throw bad("rateLimit must be 1.." + MAX_RATE_LIMIT + " requests per second (0 removes the limit)");
        }
        return limit;
    }

    /** @return the headers as stored (one "Name: value" per line), or null when there are none */
    private static String checkHeaders(java.util.Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw bad("headers may hold at most " + MAX_HEADERS + " entries");
        }
        StringBuilder out = new StringBuilder();
        Set<String> seen = new java.util.HashSet<>();
        for (java.util.Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            String value = h.getValue();
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw bad("header name '" + name + "' is not a valid HTTP header name (letters, digits, - and _, "
                        + "at most 64)");
            }
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("webhook-") || RESERVED_HEADERS.contains(lower)) {
                throw bad("header '" + name + "' is set by Herald and cannot be overridden");
            }
            if (!seen.add(lower)) {
                throw bad("header '" + name + "' is given twice");
            }
            if (value == null || !HEADER_VALUE.matcher(value).matches()) {
                throw bad("header '" + name + "' must have a value of printable ASCII characters, at most "
                        + MAX_HEADER_VALUE + ", with no line breaks");
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(name).append(": ").append(value);
        }
        return out.isEmpty() ? null : out.toString();
    }

    private void checkDescription(@Nullable String d) {
        if (d != null && d.length() > config.maxDescription()) {
            throw bad("description must be at most " + config.maxDescription() + " characters");
        }
    }

    private static Instant instant(String field, @Nullable String v) {
        if (v == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(field + " must be an RFC 3339 timestamp, e.g. 2026-01-01T00:00:00Z");
        }
    }

    private static HttpStatusException bad(String message) {
        return new HttpStatusException(HttpStatus.BAD_REQUEST, message);
    }
}
