package io.herald.auth.ratelimit;

import io.herald.support.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * The limits of one endpoint: per client address and per credential. Created by {@link RateLimitFactory}.
 */
public final class RequestLimits {

    private final boolean enabled;
    private final RateLimiter perIp;
    private final RateLimiter perKey;

    RequestLimits(RateLimitProperties properties) {
        this.enabled = properties.enabled();
        this.perIp = new RateLimiter(properties.perIp(), properties.window(), properties.maxTracked(),
            System::nanoTime);
        this.perKey = new RateLimiter(properties.perKey(), properties.window(), properties.maxTracked(),
            System::nanoTime);
    }

    /**
     * Counts a request.
     *
     * @param clientAddress the caller's address
     * @param credential    the API-key prefix or e-mail, or null when the request carries none
     * @throws ProblemException 429 with {@code Retry-After} when either limit is exceeded
     */
    public void check(String clientAddress, @Nullable String credential) {
        if (!enabled) {
            return;
        }
        Optional<Duration> wait = perIp.tryAcquire(clientAddress);
        if (wait.isEmpty() && credential != null) {
            wait = perKey.tryAcquire(credential);
        }
        if (wait.isPresent()) {
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "Too many requests; retry later", wait.get());
        }
    }
}
