package io.herald.auth.keys;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Creates the {@link SigningKeyRing}: filled from configuration now, or later from the database. */
@Factory
class KeysFactory {

    @Singleton
    SigningKeyRing signingKeyRing(SigningKeyProperties properties) {
        SigningKeyRing ring = new SigningKeyRing();
        if (properties.configured()) {
            ring.replace(ConfiguredSigningKeys.parse(properties.keys()));
        }
        return ring;
    }
}
