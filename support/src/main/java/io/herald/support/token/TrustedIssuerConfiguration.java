package io.herald.support.token;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * A product's own token issuer whose tokens Herald accepts ({@code herald.token.trusted.<name>}, e.g. environment
 * {@code HERALD_TOKEN_TRUSTED_CALCBRIDGE_ISSUER} and {@code HERALD_TOKEN_TRUSTED_CALCBRIDGE_JWKS_URL}).
 *
 * @param name        the entry's name (only for configuration and logs)
 * @param issuer      the exact {@code iss} of its tokens. Required.
 * @param jwksUrl     where its public keys are published. Required.
 * @param userClaim   the claim holding the user id (a string or an integer). Defaults to {@code sub}.
 * @param tenantClaim the claim holding the tenant. Defaults to {@code tenant}.
 * @param grantsClaim the claim holding channel grants (a list of strings). Defaults to {@code channels}.
 */
@EachProperty("herald.token.trusted")
public record TrustedIssuerConfiguration(
    @Parameter String name,
    @NotBlank String issuer,
    @NotBlank String jwksUrl,
    @Bindable(defaultValue = "sub") String userClaim,
    @Bindable(defaultValue = "tenant") String tenantClaim,
    @Bindable(defaultValue = "channels") String grantsClaim) {

    /** @return the issuer as the verifier uses it */
    public Issuer toIssuer() {
        return new Issuer(issuer, jwksUrl, userClaim, tenantClaim, grantsClaim, false);
    }
}
