package io.herald.auth.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.herald.auth.support.AuthIntegrationTest;
import io.herald.testsupport.TestNats;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revoking an API key or deleting a user broadcasts a session command on the real bus (JetStream, the stream and
 * subject prefix realtime-service reads), observed by a plain NATS subscriber; the revocation itself holds in
 * auth-service (the key and the user no longer get tokens).
 */
@MicronautTest(transactional = false)
class RevocationBroadcastIT extends AuthIntegrationTest {

    static final TestNats.Run NATS = TestNats.newRun("auth-revocation");
    Connection observer;
    final List<String> commands = new CopyOnWriteArrayList<>();

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("herald.bus.kind", "nats", "nats.default.addresses", NATS.url(),
            "herald.bus.stream", NATS.stream(), "herald.bus.subject-prefix", NATS.prefix());
    }

    @BeforeAll
    void observe() throws Exception {
        observer = Nats.connect(NATS.url());
        Dispatcher dispatcher = observer.createDispatcher(
            message -> commands.add(new String(message.getData(), StandardCharsets.UTF_8)));
        dispatcher.subscribe(NATS.prefix() + ".ctl.sessions");
        observer.flush(Duration.ofSeconds(5));
    }

    @AfterAll
    void release() throws Exception {
        observer.close();
        NATS.close();
    }

    private HttpResponse<String> delete(String path) {
        return send(request(path).header("Authorization", "apikey " + ADMIN_KEY).DELETE().build());
    }

    private HttpResponse<String> socketTokenResponse(String apiKey) {
        return send(request("/api/public/auth/socket").header("X-AUTH-TOKEN", apiKey)
            .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void revokingAKeyBroadcastsItsIdAndTheKeyStopsWorking() {
        CreatedUser user = createUser("revoke-key@example.com", "acme", null);
        HttpResponse<String> issued = postJson("/api/admin/users/" + user.uuid() + "/api-keys", "",
            "Authorization", "apikey " + ADMIN_KEY);
        String keyId = (String) parse(issued).get("id");
        String apiKey = (String) parse(issued).get("apiKey");
        socketToken(apiKey); // the key works before its revocation
        await().atMost(Duration.ofSeconds(20)).until(() -> bootstrapBusReady());

        long before = System.currentTimeMillis();
        assertEquals(204, delete("/api/admin/users/" + user.uuid() + "/api-keys/" + keyId).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> commands.stream().anyMatch(c -> c.contains(keyId)));
        String command = commands.stream().filter(c -> c.contains(keyId)).findFirst().orElseThrow();
        assertTrue(command.contains("\"type\":\"revoke-key\"") && command.contains("\"apiKeyId\":\"" + keyId + "\"")
            && command.contains("\"user\":\"" + user.uuid() + "\""), command);
        long at = Long.parseLong(command.replaceAll(".*\"at\":(\\d+).*", "$1"));
        assertTrue(at >= before - 1000, "revocation time " + at + " before the request " + before);
        assertProblem(socketTokenResponse(apiKey), 401);
    }

    @Test
    void deletingAUserBroadcastsItsRevocationAndTheUserGetsNoTokens() {
        CreatedUser user = createUser("delete-user@example.com", "acme", "correct horse battery");
        await().atMost(Duration.ofSeconds(20)).until(() -> bootstrapBusReady());
        assertEquals(204, delete("/api/admin/users/" + user.uuid()).statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> commands.stream()
            .anyMatch(c -> c.contains("\"type\":\"revoke-user\"") && c.contains(user.uuid())));
        assertProblem(socketTokenResponse(user.apiKey()), 401);
        assertProblem(postJson("/api/tokens", "{\"user\":\"" + user.uuid() + "\"}", "Authorization",
            "apikey " + SERVER_KEY), 404);
        assertProblem(postJson("/api/auth/login",
            "{\"email\":\"delete-user@example.com\",\"password\":\"correct horse battery\"}"), 401);
        assertProblem(delete("/api/admin/users/" + user.uuid()), 404);
    }

    private boolean bootstrapBusReady() {
        return server.getApplicationContext().getBean(io.herald.bus.EventBus.class).ready();
    }
}
