package io.herald.auth.keys;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Signing key settings ({@code herald.auth.signing}).
 *
 * @param keys            {@code HERALD_AUTH_SIGNING_KEYS}: a JWK set ({@code {"keys":[...]}}) or one JWK, EC P-256
 *                        with {@code kid}. The first key with a private part signs; every key is published at
 *                        {@code /keys}. To rotate: put the new private key first and keep the old one (its public
 *                        part suffices) until its tokens have expired, then remove it. Defaults to none: keys are
 *                        then generated and kept in the database (shared by all instances, survive restarts).
 * @param rotationPeriod  database mode: age after which a new key is generated. Defaults to 30 days.
 * @param activationDelay database mode: a new key is published this long before it signs, so every instance (and
 *                        every verifier's JWKS cache) knows it first. Defaults to 2 minutes.
 * @param refreshInterval database mode: how often an instance reloads the keys (and rotates when due). Defaults to
 *                        1 minute.
 * @param keyEncryptionKey database mode: {@code HERALD_AUTH_KEY_ENCRYPTION_KEY}, base64 of 32 random bytes; the
 *                        generated private keys are stored encrypted under it (AES-256-GCM). Required in database
 *                        mode: start-up stops without it. Keep it outside the database (a secret store).
 */
@ConfigurationProperties("herald.auth.signing")
public record SigningKeyProperties(
    @Nullable String keys,
    @Bindable(defaultValue = "P30D") @NotNull Duration rotationPeriod,
    @Bindable(defaultValue = "PT2M") @NotNull Duration activationDelay,
    @Bindable(defaultValue = "PT1M") @NotNull Duration refreshInterval,
    @Nullable String keyEncryptionKey) {

    /** @return whether keys come from configuration rather than the database */
    public boolean configured() {
        return keys != null && !keys.isBlank();
    }

    @Override
    public String toString() {
        return "SigningKeyProperties[keys=" + (configured() ? "***" : "database") + ", rotationPeriod="
            + rotationPeriod + ", activationDelay=" + activationDelay + ", refreshInterval=" + refreshInterval
            + ", keyEncryptionKey=" + (keyEncryptionKey == null || keyEncryptionKey.isBlank() ? "none" : "***") + "]";
    }
}
