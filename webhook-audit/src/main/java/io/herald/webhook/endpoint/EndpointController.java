package io.herald.webhook.endpoint;

import io.herald.webhook.audit.AttemptPage;
import io.herald.webhook.auth.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;

/**
 * The webhooks API. Authorised by the user's JWT ({@code Authorization: Bearer}) or API key
 * ({@code Authorization: apikey <key>} / {@code X-API-Key}); errors are problem+json.
 */
@Controller("/api/webhooks")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "webhooks")
@SecurityRequirement(name = "bearer")
public class EndpointController {

    /** Body of {@code recover}. */
    @Serdeable
    public record RecoverRequest(@Nullable String since, @Nullable String until) {
    }

    private final EndpointService service;

    /** @param service behaviour */
    public EndpointController(EndpointService service) {
        this.service = service;
    }

    @Operation(summary = "Create an endpoint; the answer carries its signing secret, shown once")
    @Post
    @Status(HttpStatus.CREATED)
    public EndpointView create(Authentication auth, @Body EndpointRequest body) {
        return service.create(Caller.of(auth), body);
    }

    @Operation(summary = "List the caller's endpoints")
    @Get
    public List<EndpointView> list(Authentication auth) {
        return service.list(Caller.of(auth));
    }

    @Operation(summary = "Get one endpoint")
    @Get("/{id}")
    public EndpointView get(Authentication auth, @PathVariable String id) {
        return service.get(Caller.of(auth), id);
    }

    @Operation(summary = "Change url, events, description or enabled")
    @Patch("/{id}")
    public EndpointView update(Authentication auth, @PathVariable String id, @Body EndpointRequest body) {
        return service.update(Caller.of(auth), id, body);
    }

    @Operation(summary = "Delete an endpoint (its audit rows stay until retention)")
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public void delete(Authentication auth, @PathVariable String id) {
        service.delete(Caller.of(auth), id);
    }

    @Operation(summary = "Rotate the signing secret; the old one keeps signing for 24 h")
    @Post("/{id}/rotate-secret")
    public EndpointView rotate(Authentication auth, @PathVariable String id) {
        return service.rotate(Caller.of(auth), id);
    }

    @Operation(summary = "Audit rows of the endpoint's delivery attempts, newest first")
    @Get("/{id}/deliveries{?status,event,page,size}")
    public AttemptPage deliveries(Authentication auth, @PathVariable String id, @Nullable @QueryValue String status,
                                  @Nullable @QueryValue String event, @Nullable @QueryValue Integer page,
                                  @Nullable @QueryValue Integer size) {
        return service.deliveries(Caller.of(auth), id, status, event, page == null ? 0 : page, size == null ? 50 : size);
    }

    @Operation(summary = "Send a delivery again now")
    @Post("/{id}/deliveries/{deliveryId}/retry")
    public HttpResponse<Map<String, Object>> retry(Authentication auth, @PathVariable String id,
                                                   @PathVariable String deliveryId) {
        service.retry(Caller.of(auth), id, deliveryId);
        return HttpResponse.accepted().body(Map.of("deliveryId", deliveryId));
    }

    @Operation(summary = "Re-send every event of a time range, including events that never produced a delivery")
    @Post("/{id}/recover")
    public HttpResponse<Map<String, Object>> recover(Authentication auth, @PathVariable String id,
                                                     @Body RecoverRequest body) {
        int n = service.recover(Caller.of(auth), id, body == null ? null : body.since(), body == null ? null : body.until());
        return HttpResponse.accepted().body(Map.of("scheduled", n));
    }

    @Operation(summary = "Send a webhook.test event")
    @Post("/{id}/test")
    public HttpResponse<Map<String, Object>> test(Authentication auth, @PathVariable String id) {
        return HttpResponse.accepted().body(Map.of("deliveryId", service.test(Caller.of(auth), id)));
    }
}
