package io.herald.webhook.ssrf;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Builds the {@link SsrfGuard} from configuration. */
@Factory
class SsrfFactory {

    @Singleton
    SsrfGuard ssrfGuard(SsrfConfig config) {
        return new SsrfGuard(config.subnets());
    }
}
