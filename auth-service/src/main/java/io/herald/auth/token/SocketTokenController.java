package io.herald.auth.token;

import io.herald.auth.apikey.ApiKeyFormat;
import io.herald.auth.apikey.ApiKey;
import io.herald.auth.apikey.ApiKeyService;
import io.herald.support.problem.Problem;
import io.herald.support.problem.ProblemException;
import io.herald.auth.ratelimit.RateLimitFactory;
import io.herald.auth.ratelimit.RequestLimits;
import io.herald.auth.user.User;
import io.herald.auth.user.UserService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import java.util.UUID;

/**
 * {@code POST /api/public/auth/socket}: exchanges a user's API key ({@code X-AUTH-TOKEN}) for a socket JWT, as in
 * the ExportComments real-time guide.
 */
@Controller("/api/public/auth")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Tokens")
public class SocketTokenController {

    /** Header carrying the user's API key. */
    public static final String X_AUTH_TOKEN = "X-AUTH-TOKEN";

    private final ApiKeyService apiKeys;
    private final UserService users;
    private final TokenIssuer issuer;
    private final RequestLimits limits;
    private final HttpClientAddressResolver addressResolver;

    SocketTokenController(ApiKeyService apiKeys, UserService users, TokenIssuer issuer,
                          @Named(RateLimitFactory.SOCKET) RequestLimits limits,
                          HttpClientAddressResolver addressResolver) {
        this.apiKeys = apiKeys;
        this.users = users;
        this.issuer = issuer;
        this.limits = limits;
        this.addressResolver = addressResolver;
    }

    /**
     * Issues a socket token for the owner of the presented API key.
     *
     * @param apiKey  the user's API key
     * @param request the request (for the client address)
     * @return {@code {"token": "<jwt>"}}
     */
    @Post(value = "/socket", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a socket token",
        description = "Exchanges a user API key for an ES256 JWT (sub = user UUID, tenant, iat, exp, jti, "
            + "channels = []) used to connect to the realtime-service. Rate-limited per client address and per key.")
    @ApiResponse(responseCode = "200", description = "Token issued",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @ApiResponse(responseCode = "401", description = "Missing, unknown or revoked API key",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "Rate limit exceeded; see Retry-After",
        headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Retry-After",
            description = "Seconds to wait", schema = @Schema(type = "integer")),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "Signing keys not loaded yet (database starting)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TokenResponse socket(
        @Parameter(in = ParameterIn.HEADER, name = X_AUTH_TOKEN, required = true, description = "The user's API key")
        @Nullable @Header(X_AUTH_TOKEN) String apiKey,
        HttpRequest<?> request) {
        String prefix = apiKey == null ? null : ApiKeyFormat.prefixOf(apiKey.trim()).orElse(null);
        limits.check(addressResolver.resolve(request), prefix);
        if (apiKey == null || apiKey.isBlank()) {
            throw ProblemException.unauthorized("Missing " + X_AUTH_TOKEN + " header");
        }
        ApiKey key = apiKeys.authenticateKey(apiKey.trim())
            .orElseThrow(() -> ProblemException.unauthorized("Unknown or revoked API key"));
        User user = users.find(key.userId()).orElseThrow(() -> ProblemException.unauthorized("Unknown or revoked API key"));
        return new TokenResponse(issuer.issue(user, key.id()).token());
    }
}
