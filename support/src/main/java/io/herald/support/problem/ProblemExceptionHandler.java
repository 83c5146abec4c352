package io.herald.support.problem;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Turns a {@link ProblemException} into its problem+json response, adding {@code Retry-After} (whole seconds,
 * rounded up) when the exception carries a delay.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> processor;

    ProblemExceptionHandler(ErrorResponseProcessor<?> processor) {
        this.processor = processor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ProblemException exception) {
        MutableHttpResponse<?> response = HttpResponse.status(exception.status());
        if (exception.retryAfter() != null) {
            long millis = exception.retryAfter().toMillis();
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (millis + 999) / 1000)));
        }
        return processor.processResponse(ErrorContext.builder(request).cause(exception)
            .errorMessage(exception.getMessage()).build(), response);
    }
}
