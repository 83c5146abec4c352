package io.herald.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.auth.support.AuthIntegrationTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class AdminApiIT extends AuthIntegrationTest {

    private static final String ADMIN = "apikey " + ADMIN_KEY;

    @Test
    void createsUserWithKeyShownOnce() {
        HttpResponse<String> response = postJson("/api/admin/users",
            "{\"email\":\"Ada@Example.com\",\"tenant\":\"acme\",\"password\":\"correct horse\"}", "Authorization", ADMIN);
        assertEquals(201, response.statusCode(), response.body());
        Map<String, Object> body = parse(response);
        assertEquals(2, body.size(), "exactly uuid and apiKey: " + body);
        UUID.fromString((String) body.get("uuid"));
        assertTrue(((String) body.get("apiKey")).startsWith("hk_"));
        socketToken((String) body.get("apiKey"));
    }

    @Test
    void duplicateEmailIsConflictCaseInsensitively() {
        createUser("dup@example.com", "acme", null);
        assertProblem(postJson("/api/admin/users", "{\"email\":\"DUP@example.com\",\"tenant\":\"acme\"}",
            "Authorization", ADMIN), 409);
    }

    @Test
    void invalidFieldsAre400() {
        assertProblem(postJson("/api/admin/users", "{\"email\":\"not-an-email\",\"tenant\":\"acme\"}",
            "Authorization", ADMIN), 400);
        assertProblem(postJson("/api/admin/users", "{\"email\":\"t@example.com\",\"tenant\":\"a:b\"}",
            "Authorization", ADMIN), 400);
        assertProblem(postJson("/api/admin/users", "{\"email\":\"t@example.com\"}", "Authorization", ADMIN), 400);
        assertProblem(postJson("/api/admin/users",
            "{\"email\":\"t@example.com\",\"tenant\":\"acme\",\"password\":\"short\"}", "Authorization", ADMIN), 400);
        Map<String, Object> malformed = assertProblem(postJson("/api/admin/users",
            "{\"email\":\"t@example.com\",\"tenant\":", "Authorization", ADMIN), 400);
        assertTrue(((String) malformed.get("detail")).contains("Malformed"), malformed.toString());
    }

    @Test
    void onlyTheAdminKeyOpensTheAdminApi() {
        String body = "{\"email\":\"x@example.com\",\"tenant\":\"acme\"}";
        CreatedUser user = createUser("owner@example.com", "acme", null);
        assertProblem(postJson("/api/admin/users", body), 401);
        assertProblem(postJson("/api/admin/users", body, "Authorization", "apikey wrong-admin-key-123456"), 401);
        assertProblem(postJson("/api/admin/users", body, "Authorization", "apikey " + user.apiKey()), 401);
        assertProblem(postJson("/api/admin/users", body, "X-AUTH-TOKEN", user.apiKey()), 401);
        assertProblem(postJson("/api/admin/users", body, "Authorization", "apikey " + SERVER_KEY), 403);
        assertProblem(postJson("/api/admin/users", body, "X-API-Key", SERVER_KEY), 403);
        assertProblem(postJson("/api/admin/users", body, "X-API-Key", ADMIN_KEY), 401);
        assertProblem(postJson("/api/admin/users", body, "Authorization", "Bearer " + socketToken(user.apiKey())),
            401);
    }

    @Test
    void issuesAndRevokesKeys() {
        CreatedUser user = createUser("keys@example.com", "acme", null);
        HttpResponse<String> created = send(request("/api/admin/users/" + user.uuid() + "/api-keys")
            .header("Authorization", ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(201, created.statusCode(), created.body());
        Map<String, Object> key = parse(created);
        String second = (String) key.get("apiKey");
        assertNotEquals(user.apiKey(), second);
        socketToken(second);
        socketToken(user.apiKey());

        HttpResponse<String> revoked = send(request("/api/admin/users/" + user.uuid() + "/api-keys/" + key.get("id"))
            .header("Authorization", ADMIN).DELETE().build());
        assertEquals(204, revoked.statusCode(), revoked.body());
        assertProblem(send(request("/api/public/auth/socket").header("X-AUTH-TOKEN", second)
            .POST(HttpRequest.BodyPublishers.noBody()).build()), 401);
        socketToken(user.apiKey());
    }

    @Test
    void unknownUserOrKeyIs404() {
        CreatedUser user = createUser("k404@example.com", "acme", null);
        assertProblem(send(request("/api/admin/users/" + UUID.randomUUID() + "/api-keys")
            .header("Authorization", ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build()), 404);
        assertProblem(send(request("/api/admin/users/" + user.uuid() + "/api-keys/" + UUID.randomUUID())
            .header("Authorization", ADMIN).DELETE().build()), 404);
        assertProblem(send(request("/api/admin/users/not-a-uuid/api-keys")
            .header("Authorization", ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build()), 400);
    }
}
