package io.herald.auth.session;

import io.herald.support.problem.Problem;
import io.herald.support.problem.ProblemException;
import io.herald.auth.ratelimit.RateLimitFactory;
import io.herald.auth.ratelimit.RequestLimits;
import io.herald.auth.keys.SigningKeyRing;
import io.herald.auth.token.TokenIssuer;
import io.herald.auth.user.User;
import io.herald.auth.user.UserService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** E-mail/password login that sets the {@code herald_session} cookie, and logout that clears it. */
@Controller("/api/auth")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Session")
public class LoginController {

    /** Name of the session cookie (docs/internal-contracts.md). */
    public static final String COOKIE_NAME = "herald_session";
    private static final int BCRYPT_MAX_BYTES = 72;

    private final UserService users;
    private final TokenIssuer issuer;
    private final RequestLimits limits;
    private final HttpClientAddressResolver addressResolver;
    private final CookieProperties cookies;
    private final SigningKeyRing ring;
    private final Clock clock;

    LoginController(UserService users, TokenIssuer issuer, @Named(RateLimitFactory.LOGIN) RequestLimits limits,
                    HttpClientAddressResolver addressResolver, CookieProperties cookies, SigningKeyRing ring,
                    Clock clock) {
        this.ring = ring;
        this.clock = clock;
        this.users = users;
        this.issuer = issuer;
        this.limits = limits;
        this.addressResolver = addressResolver;
        this.cookies = cookies;
    }

    /**
     * Login body.
     *
     * @param email    the user's e-mail
     * @param password the user's password
     */
    @Serdeable
    public record LoginRequest(@Schema(example = "ada@example.com") @NotBlank @Size(max = 254) String email,
                               @NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "LoginRequest[***]";
        }

        /**
         * Reads a login body strictly: both fields must be JSON strings (JSON's type coercion would turn
         * {@code 5} or {@code [1]} into text and answer 401 for what is a malformed request).
         */
        static LoginRequest of(@Nullable Map<String, Object> body) {
            if (body == null || !(body.get("email") instanceof String email) || !(body.get("password") instanceof String password)) {
                throw ProblemException.badRequest("email and password are required and must be strings");
            }
            if (email.isBlank() || email.length() > 254 || password.isEmpty() || password.length() > 1024) {
                throw ProblemException.badRequest("email must be 1..254 characters and password 1..1024");
            }
            return new LoginRequest(email, password);
        }
    }

    /**
     * Checks the credentials and sets the session cookie.
     *
     * @param body    e-mail and password
     * @param request the request (for the client address)
     * @return 204 with {@code Set-Cookie: herald_session=<jwt>}
     */
    @Post(value = "/login", consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in", description = "Checks e-mail and password and sets the session cookie "
        + "'herald_session' (a socket JWT; Path=/; HttpOnly; SameSite=Lax; Secure when configured), which the "
        + "realtime-service accepts on the WebSocket upgrade. Rate-limited per client address and per e-mail.")
    @ApiResponse(responseCode = "204", description = "Logged in",
        headers = @Header(name = "Set-Cookie", description = "herald_session=<jwt>; Path=/; HttpOnly; SameSite=Lax"))
    @ApiResponse(responseCode = "400", description = "Malformed body",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "Wrong e-mail or password",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "429", description = "Rate limit exceeded; see Retry-After",
        headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = "integer")),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LoginRequest.class)))
    HttpResponse<Void> login(@Body Map<String, Object> json, HttpRequest<?> request) {
        LoginRequest body = LoginRequest.of(json);
        limits.check(addressResolver.resolve(request), "login:" + body.email().trim().toLowerCase(Locale.ROOT));
        Optional<User> user = body.password().getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES
            ? Optional.empty() : users.authenticate(body.email(), body.password());
        User authenticated = user.orElseThrow(() -> ProblemException.unauthorized("Wrong e-mail or password"));
        return sessionCookie(authenticated, Instant.now(clock));
    }

    /**
     * Renews the session cookie while the session is valid.
     *
     * @param request the request carrying {@code herald_session}
     * @return 204 with a fresh cookie, or 401 (and a cleared cookie) when the session is over
     */
    @Post("/refresh")
    @Operation(summary = "Renew the session cookie", description = "While the herald_session cookie is valid, "
        + "sets a fresh one (a new token with the full lifetime), up to the session's absolute lifetime counted from "
        + "the login (default 12 h). After that, or once the cookie has expired, answers 401 and clears it.")
    @ApiResponse(responseCode = "204", description = "Cookie renewed",
        headers = @Header(name = "Set-Cookie", description = "herald_session=<jwt>; Path=/; HttpOnly; SameSite=Lax"))
    @ApiResponse(responseCode = "401", description = "No valid session",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> refresh(HttpRequest<?> request) {
        Instant now = Instant.now(clock);
        Optional<SessionTokens.Session> session = request.getCookies().findCookie(COOKIE_NAME).map(Cookie::getValue)
            .flatMap(token -> SessionTokens.read(token, ring, issuer.properties().issuer(), now))
            .filter(s -> s.start().plus(cookies.sessionLifetime()).isAfter(now));
        Optional<User> user = session.flatMap(s -> users.find(s.user()));
        if (user.isEmpty()) {
            throw new SessionEndedException();
        }
        return sessionCookie(user.get(), session.get().start());
    }

    private HttpResponse<Void> sessionCookie(User user, Instant sessionStart) {
        Instant now = Instant.now(clock);
        Duration left = Duration.between(now, sessionStart.plus(cookies.sessionLifetime()));
        Duration ttl = left.compareTo(issuer.properties().ttl()) < 0 ? left : issuer.properties().ttl();
        TokenIssuer.IssuedToken token = issuer.issue(user.id(), user.tenant(), user.externalIdValue(), null,
            java.util.List.of(), ttl, sessionStart);
        return HttpResponse.<Void>noContent().cookie(cookie(token.token(), Duration.between(now, token.expiresAt())));
    }

    /** The session is over: 401 problem+json that also clears the cookie. */
    static final class SessionEndedException extends ProblemException {
        SessionEndedException() {
            super(io.micronaut.http.HttpStatus.UNAUTHORIZED, "No valid session: log in again");
        }
    }

    @jakarta.inject.Singleton
    static final class SessionEndedHandler implements io.micronaut.http.server.exceptions.ExceptionHandler<
            SessionEndedException, HttpResponse<?>> {
        private final io.herald.support.problem.ProblemExceptionHandler problems;

        SessionEndedHandler(io.herald.support.problem.ProblemExceptionHandler problems) {
            this.problems = problems;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, SessionEndedException exception) {
            return ((io.micronaut.http.MutableHttpResponse<?>) problems.handle(request, exception))
                .cookie(Cookie.of(COOKIE_NAME, "").path("/").httpOnly(true).maxAge(Duration.ZERO));
        }
    }

    /**
     * Clears the session cookie.
     *
     * @return 204 with an expired {@code herald_session} cookie
     */
    @Post("/logout")
    @Operation(summary = "Log out", description = "Clears the session cookie, which ends the session: it can no "
        + "longer be renewed. The token it held stays valid until it expires (stateless tokens).")
    @ApiResponse(responseCode = "204", description = "Cookie cleared",
        headers = @Header(name = "Set-Cookie", description = "herald_session=; Max-Age=0; Path=/"))
    HttpResponse<Void> logout() {
        return HttpResponse.<Void>noContent().cookie(cookie("", Duration.ZERO));
    }

    private Cookie cookie(String value, @Nullable Duration maxAge) {
        Cookie cookie = Cookie.of(COOKIE_NAME, value).path("/").httpOnly(true).sameSite(SameSite.Lax)
            .secure(cookies.secure());
        return maxAge == null ? cookie : cookie.maxAge(maxAge.isNegative() ? Duration.ZERO : maxAge);
    }
}
