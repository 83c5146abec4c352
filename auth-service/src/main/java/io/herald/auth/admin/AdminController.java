package io.herald.auth.admin;

import io.herald.auth.apikey.ApiKeyService;
import io.herald.auth.revocation.RevocationBroadcaster;
import io.herald.support.problem.Problem;
import io.herald.support.problem.ProblemException;
import io.herald.auth.security.Roles;
import io.herald.auth.user.User;
import io.herald.auth.user.UserService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Admin API: users and their API keys, authorised by {@code Authorization: apikey <HERALD_ADMIN_KEY>}. */
@Controller("/api/admin/users")
@Secured(Roles.ADMIN)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Admin")
@SecurityRequirement(name = "adminKey")
@ApiResponse(responseCode = "400", description = "Malformed body or invalid field",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "Missing or wrong admin key",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "A server key was used; only the admin key is accepted",
    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AdminController {

    private static final int BCRYPT_MAX_BYTES = 72;

    private final UserService users;
    private final ApiKeyService apiKeys;
    private final RevocationBroadcaster revocations;
    private final Clock clock;

    AdminController(UserService users, ApiKeyService apiKeys, RevocationBroadcaster revocations, Clock clock) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * Creates a user and a first API key.
     *
     * @param body e-mail, tenant, optional password and plan
     * @return the user's UUID and API key (shown once)
     */
    @Post(produces = MediaType.APPLICATION_JSON, consumes = MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Create a user", description = "Creates a user and returns its UUID and a first API key. "
        + "The key is shown only in this response.")
    @ApiResponse(responseCode = "201", description = "User created")
    @ApiResponse(responseCode = "409", description = "E-mail already used",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    AdminDtos.CreatedUser createUser(@Valid @Body AdminDtos.CreateUser body) {
        if (body.password() != null && body.password().getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
            throw ProblemException.badRequest("password must be at most 72 bytes in UTF-8");
        }
        User user = users.create(body.email(), body.tenant(), body.password(), body.plan(), body.externalId());
        return new AdminDtos.CreatedUser(user.id(), apiKeys.issue(user.id()).key());
    }

    /**
     * Lists the users.
     *
     * @return every user, oldest first
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "List users", description = "Every user with its tenant and external id; never secrets.")
    List<AdminDtos.UserView> listUsers() {
        return users.list().stream().map(AdminDtos.UserView::of).toList();
    }

    /**
     * Sets or clears a user's external id.
     *
     * @param uuid the user
     * @param body the new external id (null clears it)
     * @return the user
     */
    @Put(value = "/{uuid}/external-id", produces = MediaType.APPLICATION_JSON, consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a user's external id", description = "The product's own id of the user (string or "
        + "integer), carried by new tokens as uid. Tokens already issued keep the old value until they expire.")
    @ApiResponse(responseCode = "404", description = "Unknown user",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    AdminDtos.UserView setExternalId(UUID uuid, @Body AdminDtos.SetExternalId body) {
        return AdminDtos.UserView.of(users.setExternalId(uuid, body.externalId()));
    }

    /**
     * Issues another API key for a user.
     *
     * @param uuid the user
     * @return the key id and the key (shown once)
     */
    @Post(value = "/{uuid}/api-keys", produces = MediaType.APPLICATION_JSON)
    @Status(HttpStatus.CREATED)
    @Operation(summary = "Create an API key", description = "Issues a new API key for the user; shown only once.")
    @ApiResponse(responseCode = "201", description = "Key created")
    @ApiResponse(responseCode = "404", description = "Unknown user",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    AdminDtos.CreatedKey createKey(UUID uuid) {
        users.find(uuid).orElseThrow(() -> ProblemException.notFound("Unknown user"));
        ApiKeyService.IssuedKey key = apiKeys.issue(uuid);
        return new AdminDtos.CreatedKey(key.id(), key.key());
    }

    /**
     * Revokes an API key; tokens already issued stay valid until they expire.
     *
     * @param uuid the user
     * @param id   the key id
     * @return 204
     */
    @Delete("/{uuid}/api-keys/{id}")
    @Operation(summary = "Revoke an API key",
        description = "The key stops working at once, and the realtime instances close the connections opened with "
            + "tokens minted from it and refuse those tokens (close code 4001, HTTP 401) until they expire.")
    @ApiResponse(responseCode = "204", description = "Key revoked")
    @ApiResponse(responseCode = "404", description = "Unknown user or key",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<Void> revokeKey(UUID uuid, UUID id) {
        if (!apiKeys.revoke(uuid, id)) {
            throw ProblemException.notFound("Unknown user or API key");
        }
        revocations.keyRevoked(uuid, id, clock.instant());
        return HttpResponse.noContent();
    }

    /**
     * Deletes a user with its API keys; the realtime instances close its connections.
     *
     * @param uuid the user
     * @return 204
     */
    @Delete("/{uuid}")
    @Operation(summary = "Delete a user",
        description = "Deletes the user and its API keys: it can no longer log in or get tokens, its session cookie "
            + "stops refreshing, and the realtime instances close its connections and refuse its tokens "
            + "(close code 4001, HTTP 401) until they expire.")
    @ApiResponse(responseCode = "204", description = "User deleted")
    @ApiResponse(responseCode = "404", description = "Unknown user",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<Void> deleteUser(UUID uuid) {
        if (!users.delete(uuid)) {
            throw ProblemException.notFound("Unknown user");
        }
        revocations.userRevoked(uuid, clock.instant());
        return HttpResponse.noContent();
    }
}
