package io.herald.auth.problem;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Renders every error response as {@code application/problem+json}.
 *
 * <p>micronaut-problem-json would do this, but its artifact for this Micronaut platform is not downloadable here, so
 * this replaces Micronaut's default processor (which is conditional on no other {@link ErrorResponseProcessor}).
 * Details are chosen conservatively: server errors say only "Internal Server Error" and body-parsing errors say the
 * body is malformed without quoting it (a malformed login body could contain a password).
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Problem> typed = (MutableHttpResponse<Problem>) response;
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return typed;
        }
        int status = response.code();
        Problem problem = new Problem("about:blank", response.reason(), status, detail(context, status));
        return typed.body(problem).contentType(Problem.MEDIA_TYPE);
    }

    private static String detail(ErrorContext context, int status) {
        if (status >= 500) {
            return "Internal Server Error";
        }
        Throwable cause = context.getRootCause().orElse(null);
        if (cause instanceof ProblemException) {
            return cause.getMessage();
        }
        if (status == 400 && isBodyParsingError(cause)) {
            return "Malformed request body: expected valid JSON with the documented fields";
        }
        if (!context.hasErrors()) {
            return null;
        }
        return context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
    }

    private static boolean isBodyParsingError(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SerdeException || t instanceof ConversionErrorException
                || t.getClass().getName().startsWith("com.fasterxml.jackson")) {
                return true;
            }
        }
        return false;
    }
}
