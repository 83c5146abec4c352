package io.herald.webhook.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders every error response (validation, unreadable JSON, 401, 404, 413, {@code HttpStatusException}) as RFC 9457
 * {@code application/problem+json}: {@code type}, {@code title}, {@code status}, {@code detail}. Never a stack trace.
 *
 * <p>Hand-written because micronaut-problem-json 3.9.0 (the version micronaut-parent 4.10.8 pins) is not
 * published on Maven Central; this is the one class it would replace.
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {

    /** The problem media type. */
    public static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext ctx, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReason());
        body.put("status", status.getCode());
        StringBuilder detail = new StringBuilder();
        for (Error e : ctx.getErrors()) {
            if (!detail.isEmpty()) {
                detail.append("; ");
            }
            detail.append(e.getMessage());
        }
        if (!detail.isEmpty()) {
            body.put("detail", detail.toString());
        }
        return base.contentType(PROBLEM_JSON).body(body);
    }
}
