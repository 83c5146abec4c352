package io.herald.platform;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Picks one bean where two composed services each bring their own of the same type: both auth-service and
 * webhook-audit expose a UTC {@link Clock}; the platform's is the one injected everywhere.
 */
@Factory
class PlatformFactory {

    @Primary
    @Singleton
    Clock platformClock() {
        return Clock.systemUTC();
    }
}
