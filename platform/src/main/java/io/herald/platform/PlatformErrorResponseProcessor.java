package io.herald.platform;

import io.herald.auth.problem.ProblemErrorResponseProcessor;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;

/**
 * The one problem+json error body of the platform: auth-service and webhook-audit each bring an
 * {@code ErrorResponseProcessor}; auth-service's (detail from validation errors and body-parsing failures, no
 * internals on 5xx) answers for every route here.
 */
@Primary
@Singleton
final class PlatformErrorResponseProcessor extends ProblemErrorResponseProcessor {
}
