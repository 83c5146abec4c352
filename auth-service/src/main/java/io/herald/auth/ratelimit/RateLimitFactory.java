package io.herald.auth.ratelimit;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** One {@link RequestLimits} per protected endpoint, so the socket-token and login endpoints count separately. */
@Factory
public class RateLimitFactory {

    /** Qualifier of the socket-token endpoint's limits. */
    public static final String SOCKET = "socket";
    /** Qualifier of the login endpoint's limits. */
    public static final String LOGIN = "login";

    @Singleton
    @Named(SOCKET)
    RequestLimits socketLimits(RateLimitProperties properties) {
        return new RequestLimits(properties);
    }

    @Singleton
    @Named(LOGIN)
    RequestLimits loginLimits(RateLimitProperties properties) {
        return new RequestLimits(properties);
    }
}
