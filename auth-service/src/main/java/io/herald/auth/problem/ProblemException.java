package io.herald.auth.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import java.time.Duration;

/**
 * A failure that maps to one problem+json response: status, a detail safe to show to the caller and, for 429,
 * the delay to put in {@code Retry-After}.
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

    /** @return 401 with the given detail */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(HttpStatus.UNAUTHORIZED, detail);
    }

    /** @return 400 with the given detail */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail);
    }

    /** @return 404 with the given detail */
    public static ProblemException notFound(String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, detail);
    }
}
