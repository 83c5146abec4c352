package io.herald.auth.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.auth.support.AuthIntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the bus unreachable, revoking a key and deleting a user still succeed in auth-service. */
@MicronautTest(transactional = false)
class RevocationWithoutBusIT extends AuthIntegrationTest {

    @Override
    protected Map<String, String> extraProperties() {
        // nothing listens on port 1: the bus never becomes ready
        return Map.of("herald.bus.kind", "nats", "nats.default.addresses", "nats://127.0.0.1:1");
    }

    private HttpResponse<String> delete(String path) {
        return send(request(path).header("Authorization", "apikey " + ADMIN_KEY).DELETE().build());
    }

    @Test
    void revocationsSucceedWhileTheBusIsDown() {
        CreatedUser user = createUser("no-bus@example.com", "acme", null);
        HttpResponse<String> issued = postJson("/api/admin/users/" + user.uuid() + "/api-keys", "",
            "Authorization", "apikey " + ADMIN_KEY);
        String keyId = (String) parse(issued).get("id");
        String apiKey = (String) parse(issued).get("apiKey");
        assertEquals(204, delete("/api/admin/users/" + user.uuid() + "/api-keys/" + keyId).statusCode());
        assertProblem(send(request("/api/public/auth/socket").header("X-AUTH-TOKEN", apiKey)
            .POST(HttpRequest.BodyPublishers.noBody()).build()), 401);
        assertEquals(204, delete("/api/admin/users/" + user.uuid()).statusCode());
        assertProblem(send(request("/api/public/auth/socket").header("X-AUTH-TOKEN", user.apiKey())
            .POST(HttpRequest.BodyPublishers.noBody()).build()), 401);
    }
}
