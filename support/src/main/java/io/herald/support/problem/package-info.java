/**
 * Errors as RFC 9457 {@code application/problem+json}: throw {@link io.herald.support.problem.ProblemException};
 * {@link io.herald.support.problem.ProblemErrorResponseProcessor} renders every error response the same way and
 * never echoes input, parser internals or stack traces.
 */
package io.herald.support.problem;
