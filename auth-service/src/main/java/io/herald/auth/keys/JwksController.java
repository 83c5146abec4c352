package io.herald.auth.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.herald.support.problem.Problem;
import io.herald.support.problem.ProblemException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;

/**
 * Publishes the ring's public keys at {@code GET /keys} (a JWKS), or 503 while there are none yet (database not
 * ready), so a verifier never caches an empty key set. Replaces micronaut-security-jwt's keys endpoint, which
 * answers 200 with no keys.
 */
@Controller("/keys")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "Keys")
class JwksController {

    private final SigningKeyRing ring;

    JwksController(SigningKeyRing ring) {
        this.ring = ring;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Public signing keys (JWKS)", description = "The public keys that verify Herald tokens, "
        + "two while a key rotates. 503 until the first key is loaded.")
    @ApiResponse(responseCode = "200", description = "The key set")
    @ApiResponse(responseCode = "503", description = "No signing key yet; retry shortly",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    HttpResponse<String> keys() {
        List<JWK> published = ring.current().published();
        if (published.isEmpty()) {
            throw new ProblemException(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE,
                "No signing key yet (the database is not ready); retry shortly", Duration.ofSeconds(2));
        }
        // toPublicJWKSet: never a private part, whatever the ring holds
        return HttpResponse.ok(new JWKSet(published).toPublicJWKSet().toString(true)).contentType(MediaType.APPLICATION_JSON);
    }
}
