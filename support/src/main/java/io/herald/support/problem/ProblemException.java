package io.herald.support.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import java.time.Duration;

/**
 * A failure that maps to one problem+json response: status, a detail safe to show to the caller and, for 429 or
 * 503, the delay to put in {@code Retry-After}. No stack trace is captured: it is an answer, not a bug.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final transient Duration retryAfter;

    /**
     * @param status HTTP status of the response
     * @param detail explanation for the caller; must not contain secrets
     */
    public ProblemException(HttpStatus status, String detail) {
        this(status, detail, null);
    }

    /**
     * @param status     HTTP status of the response
     * @param detail     explanation for the caller; must not contain secrets
     * @param retryAfter value of the {@code Retry-After} header, or null
     */
    public ProblemException(HttpStatus status, String detail, @Nullable Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** @return the HTTP status */
    public HttpStatus status() {
        return status;
    }

    /** @return the delay for {@code Retry-After}, or null */
    @Nullable
    public Duration retryAfter() {
        return retryAfter;
    }

    /** @param detail explanation @return 400 */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail);
    }

    /** @param detail explanation @return 401 */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(HttpStatus.UNAUTHORIZED, detail);
    }

    /** @param detail explanation @return 403 */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, detail);
    }

    /** @param detail explanation @return 404 */
    public static ProblemException notFound(String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, detail);
    }

    /** @param detail explanation @return 409 */
    public static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, detail);
    }

    /** @param detail explanation @return 503 */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, detail);
    }
}
