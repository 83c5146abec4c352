package io.herald.support.token;

import java.util.Objects;

/**
 * One issuer whose tokens are accepted: its {@code iss}, where its public keys are, and which claims carry the user,
 * tenant and grants.
 *
 * @param issuer      the exact {@code iss}
 * @param jwksUrl     its JWKS URL
 * @param userClaim   the claim holding the user id
 * @param tenantClaim the claim holding the tenant
 * @param grantsClaim the claim holding channel grants (a list of strings)
 * @param herald      true for Herald's own auth-service: {@code sub} must then be a UUID and {@code uid}/{@code akid}
 *                    are read as Herald writes them
 */
public record Issuer(String issuer, String jwksUrl, String userClaim, String tenantClaim, String grantsClaim,
                     boolean herald) {

    /** Fails fast on missing fields. */
    public Issuer {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Objects.requireNonNull(userClaim, "userClaim");
        Objects.requireNonNull(tenantClaim, "tenantClaim");
        Objects.requireNonNull(grantsClaim, "grantsClaim");
    }

    /**
     * @param issuer  the {@code iss} Herald's auth-service writes
     * @param jwksUrl its {@code /keys}
     * @return Herald's own issuer
     */
    public static Issuer herald(String issuer, String jwksUrl) {
        return new Issuer(issuer, jwksUrl, "sub", "tenant", "channels", true);
    }
}
