package io.herald.realtime.history;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** An {@code application/problem+json} answer in the shape the rest of the realtime API uses. */
final class Problem {

    static final MediaType TYPE = MediaType.of("application/problem+json");

    private Problem() {
    }

    static HttpResponse<?> of(HttpStatus status, String type, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://herald.dev/problems/" + type);
        body.put("title", status.getReason());
        body.put("status", status.getCode());
        body.put("detail", detail);
        return HttpResponse.status(status).contentType(TYPE).body(body);
    }
}
