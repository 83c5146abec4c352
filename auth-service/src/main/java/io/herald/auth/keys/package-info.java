/**
 * ES256 signing keys and their rotation. {@link io.herald.auth.keys.SigningKeyRing} holds the current signer and
 * the published public keys; it is filled either from configuration ({@code HERALD_AUTH_SIGNING_KEYS}, a JWK set)
 * or from the {@code auth.signing_key} table, where keys are generated, rotated and retired by
 * {@link io.herald.auth.keys.DatabaseSigningKeys} following {@link io.herald.auth.keys.RotationPlan}.
 * micronaut-security-jwt signs with the ring through {@link io.herald.auth.keys.RingSignatureGenerator} and serves
 * it at {@code GET /keys} through {@link io.herald.auth.keys.RingJwkProvider}.
 */
package io.herald.auth.keys;
