package io.herald.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.annotation.Serdeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** problem+json and CORS over a real embedded server and the JDK's HTTP client (which sends any Origin header). */
class ProblemAndCorsIT {

    @Serdeable
    record Login(String email, String password) {
    }

    @Requires(property = "spec.name", value = "ProblemAndCorsIT")
    @Controller("/t")
    static class TestController {
        @Get("/items/{id}")
        String item(@PathVariable UUID id) {
            return id.toString();
        }

        @Post("/login")
        String login(@Body Login login) {
            return login.email();
        }

        @Get("/busy")
        String busy() {
            throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "slow down", Duration.ofMillis(1500));
        }

        @Get("/bug")
        String bug() {
            throw new IllegalStateException("secret internals");
        }
    }

    EmbeddedServer server;
    final HttpClient http = HttpClient.newHttpClient();

    void start(Map<String, Object> extra) {
        var props = new java.util.HashMap<String, Object>(Map.of("spec.name", "ProblemAndCorsIT",
            "micronaut.server.port", -1, "micronaut.server.max-request-size", 1024));
        props.putAll(extra);
        server = ApplicationContext.run(EmbeddedServer.class, props);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path));
    }

    static void isProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            v -> assertThat(v).startsWith(Problem.MEDIA_TYPE));
        assertThat(response.body()).contains("\"status\":" + status).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void everyErrorIsProblemJsonWithASafeDetail() throws Exception {
        start(Map.of());
        HttpResponse<String> uuid = send(at("/t/items/not-a-uuid"));
        isProblem(uuid, 400);
        assertThat(uuid.body()).contains("parameter 'id'").contains("UUID").doesNotContain("not-a-uuid")
            .doesNotContain("Malformed request body");

        HttpResponse<String> typed = send(at("/t/login").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"email\":{\"a\":1},\"password\":[1]}")));
        isProblem(typed, 400);
        assertThat(typed.body()).contains(ProblemErrorResponseProcessor.MALFORMED_BODY).doesNotContain("Source")
            .doesNotContain("jackson");

        HttpResponse<String> garbage = send(at("/t/login").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"email\": hunter2")));
        isProblem(garbage, 400);
        assertThat(garbage.body()).doesNotContain("hunter2").doesNotContain("[Source:");

        HttpResponse<String> big = send(at("/t/login").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + "x".repeat(4096) + "\"}")));
        isProblem(big, 413);

        HttpResponse<String> text = send(at("/t/login").header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("hello")));
        isProblem(text, 415);

        HttpResponse<String> busy = send(at("/t/busy"));
        isProblem(busy, 429);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(busy.body()).contains("slow down");

        HttpResponse<String> bug = send(at("/t/bug"));
        isProblem(bug, 500);
        assertThat(bug.body()).doesNotContain("secret internals");

        isProblem(send(at("/t/nowhere")), 404);
    }

    HttpResponse<String> preflight(String origin) throws Exception {
        return send(at("/t/login").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "x-auth-token,content-type"));
    }

    @Test
    void corsAllowsExactlyTheConfiguredOriginsWithCredentials() throws Exception {
        start(Map.of("herald.cors.origins", "https://app.example.com, https://admin.example.com/"));
        HttpResponse<String> allowed = preflight("https://admin.example.com");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://admin.example.com");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(String.join(",", allowed.headers().allValues("Access-Control-Allow-Headers")).toLowerCase())
            .contains("x-auth-token").contains("content-type");

        HttpResponse<String> other = preflight("https://evil.example.com");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> actual = send(at("/t/items/" + UUID.randomUUID()).header("Origin", "https://app.example.com"));
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    }

    @Test
    void withoutConfiguredOriginsNoOriginIsAllowed() throws Exception {
        start(Map.of("herald.cors.origins", ""));
        HttpResponse<String> response = preflight("https://app.example.com");
        assertThat(response.statusCode()).isNotEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> actual = send(at("/t/items/" + UUID.randomUUID()).header("Origin", "https://app.example.com"));
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
