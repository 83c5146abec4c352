/**
 * Errors as RFC 9457 {@code application/problem+json}: {@link io.herald.auth.problem.ProblemException} for the
 * service's own failures and {@link io.herald.auth.problem.ProblemErrorResponseProcessor}, which renders every error
 * response (ours, Micronaut's routing/binding errors, security rejections) the same way and never echoes input or
 * stack traces.
 */
package io.herald.auth.problem;
