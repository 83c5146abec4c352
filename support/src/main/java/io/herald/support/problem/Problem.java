package io.herald.support.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem document, the body of every error response of every Herald service.
 *
 * @param type   a URI naming the problem kind ({@code about:blank} when the HTTP status says it all)
 * @param title  the HTTP reason phrase
 * @param status the HTTP status code
 * @param detail a human-readable explanation; never contains secrets, request bodies or parser internals
 */
@Serdeable
public record Problem(String type, String title, int status, @Nullable String detail) {

    /** Media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
