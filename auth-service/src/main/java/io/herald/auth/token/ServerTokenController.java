package io.herald.auth.token;

import io.herald.support.problem.Problem;
import io.herald.support.problem.ProblemException;
import io.herald.auth.security.Roles;
import io.herald.auth.user.User;
import io.herald.auth.user.UserService;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
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
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code POST /api/tokens}: server-to-server minting of tokens with channel grants (server API key). */
@Controller("/api/tokens")
@Secured(Roles.SERVER)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Tokens")
public class ServerTokenController {

    private final UserService users;
    private final TokenIssuer issuer;

    ServerTokenController(UserService users, TokenIssuer issuer) {
        this.users = users;
        this.issuer = issuer;
    }

    /**
     * Mints a token for a user with channel grants.
     *
     * @param request user, grants and lifetime
     * @return {@code {"token": "<jwt>"}}
     */
    @Post(produces = MediaType.APPLICATION_JSON, consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Mint a token with channel grants",
        description = "Server-to-server. Authorised by a server API key (HERALD_SERVER_API_KEY) sent as "
            + "'Authorization: apikey <key>' or 'X-API-Key: <key>'; the admin key and user API keys are refused.",
        security = {@SecurityRequirement(name = "serverApiKey"), @SecurityRequirement(name = "serverXApiKey")})
    @ApiResponse(responseCode = "200", description = "Token minted",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @ApiResponse(responseCode = "400", description = "Malformed body, invalid grant or ttl",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "No valid server API key",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "Authenticated with a key that is not a server key",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "Unknown user",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TokenResponse mint(@Valid @Body MintRequest request) {
        List<String> channels = request.channels() == null ? List.of() : request.channels();
        TokenProperties properties = issuer.properties();
        Grants.validate(channels, properties.maxGrants()).ifPresent(problem -> {
            throw ProblemException.badRequest(problem);
        });
        Duration ttl = parseTtl(request.ttl(), properties);
        User user = users.find(request.user()).orElseThrow(() -> ProblemException.notFound("Unknown user"));
        Grants.scope(channels, user.id().toString(), user.tenant()).ifPresent(problem -> {
            throw ProblemException.badRequest(problem);
        });
        return new TokenResponse(issuer.issue(user.id(), user.tenant(), user.externalIdValue(), null, channels, ttl,
            null).token());
    }

    private static Duration parseTtl(String ttl, TokenProperties properties) {
        if (ttl == null) {
            return properties.ttl();
        }
        Duration parsed;
        try {
            parsed = Duration.parse(ttl);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("ttl must be an ISO-8601 duration such as PT15M");
        }
        if (parsed.isNegative() || parsed.toSeconds() < 1 || parsed.compareTo(properties.maxTtl()) > 0) {
            throw ProblemException.badRequest("ttl must be between 1 second and " + properties.maxTtl());
        }
        return parsed;
    }
}
