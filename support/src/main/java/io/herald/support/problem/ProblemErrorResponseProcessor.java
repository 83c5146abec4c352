package io.herald.support.problem;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;

/**
 * Renders every error response of a Herald service (its own {@link ProblemException}s, Micronaut's routing, binding,
 * size and media-type errors, security rejections) as {@code application/problem+json}.
 *
 * <p>Hand-written because micronaut-problem-json for this Micronaut platform is not published on Maven Central; it
 * replaces Micronaut's default processor, which steps aside when another {@link ErrorResponseProcessor} exists.
 * Details are conservative: server errors say only "Internal Server Error"; an unreadable body says so without
 * quoting it or the parser's internals (a malformed login body could contain a password); a path or query value that
 * does not convert names the parameter and the expected type, never the value.
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    /** The detail of a body that is not JSON or does not fit the documented fields. */
    public static final String MALFORMED_BODY = "Malformed request body: expected valid JSON with the documented fields";

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
            return status == 503 && context.getRootCause().orElse(null) instanceof ProblemException p
                ? p.getMessage() : status == 503 ? "Service Unavailable" : "Internal Server Error";
        }
        Throwable cause = context.getRootCause().orElse(null);
        if (cause instanceof ProblemException) {
            return cause.getMessage();
        }
        if (status == 413) {
            return "Request body too large";
        }
        if (status == 415) {
            return "Unsupported media type: send Content-Type: application/json";
        }
        if (cause instanceof ConstraintViolationException && context.hasErrors()) {
            return context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        }
        ConversionErrorException conversion = find(cause, ConversionErrorException.class);
        if (conversion != null && !isBody(conversion.getArgument())) {
            Argument<?> argument = conversion.getArgument();
            return "Invalid value for parameter '" + argument.getName() + "': expected "
                + typeName(argument.getType());
        }
        if (status == 400 && isBodyParsingError(cause)) {
            return MALFORMED_BODY;
        }
        if (!context.hasErrors()) {
            return null;
        }
        String joined = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        // Framework messages that quote a parser (Jackson/serde) describe our internals, not the caller's mistake.
        return joined.contains("[Source:") || joined.contains("com.fasterxml") || joined.contains("io.micronaut")
            ? (status == 400 ? MALFORMED_BODY : null) : joined;
    }

    private static boolean isBody(Argument<?> argument) {
        return argument.getAnnotationMetadata().hasAnnotation(Body.class)
            || argument.getAnnotationMetadata().hasStereotype(Body.class);
    }

    private static String typeName(Class<?> type) {
        return type == java.util.UUID.class ? "a UUID"
            : Number.class.isAssignableFrom(type) || type.isPrimitive() ? "a number" : "a " + type.getSimpleName();
    }

    private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean isBodyParsingError(Throwable cause) {
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof ConversionErrorException || name.startsWith("io.micronaut.serde")
                || name.startsWith("com.fasterxml.jackson") || name.startsWith("io.micronaut.json")) {
                return true;
            }
        }
        return false;
    }
}
