package io.herald.webhook.endpoint;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;

/**
 * Builds the {@link SecretCipher} from {@code HERALD_WEBHOOK_SECRET_KEY} ({@code herald.webhook.secret-key}), eagerly,
 * so a missing or malformed key stops start-up with a message naming the setting.
 */
@Factory
class SecretKeyFactory {

    @Context
    SecretCipher secretCipher(@Nullable @Value("${herald.webhook.secret-key:}") String key) {
        return new SecretCipher(key);
    }
}
