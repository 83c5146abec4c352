package io.herald.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Herald's public HTTP APIs as a scenario uses them: the admin API and token endpoints of auth-service and
 * the server publish API of realtime-service. Each call asserts the documented success status and puts the
 * services' logs into the failure message.
 */
public final class HeraldApi {

    private final Platform platform;

    public HeraldApi(Platform platform) {
        this.platform = platform;
    }

    /** {@code POST /api/admin/users} with the admin key: a new user of {@code tenant} and its API key. */
    public User createUser(String tenant) {
        String email = "user-" + UUID.randomUUID() + "@e2e.example";
        HttpJson.Response r = HttpJson.post(platform.auth().httpUrl() + "/api/admin/users",
                Map.of("email", email, "tenant", tenant),
                Map.of("Authorization", "apikey " + platform.adminKey()));
        expect2xx(r, "POST /api/admin/users");
        return new User(r.body().path("uuid").asText(), tenant, email, r.body().path("apiKey").asText());
    }

    /** {@code POST /api/admin/users} with a password, so that the user can also log in with e-mail and password. */
    public User createUserWithPassword(String tenant, String password) {
        String email = "user-" + UUID.randomUUID() + "@e2e.example";
        HttpJson.Response r = HttpJson.post(platform.auth().httpUrl() + "/api/admin/users",
                Map.of("email", email, "tenant", tenant, "password", password),
                Map.of("Authorization", "apikey " + platform.adminKey()));
        expect2xx(r, "POST /api/admin/users");
        return new User(r.body().path("uuid").asText(), tenant, email, r.body().path("apiKey").asText());
    }

    /** {@code POST /api/auth/login}: the whole {@code Set-Cookie} header of the session cookie. */
    public String login(User user, String password) {
        HttpJson.Response r = HttpJson.post(platform.auth().httpUrl() + "/api/auth/login",
                Map.of("email", user.email(), "password", password), Map.of());
        expect2xx(r, "POST /api/auth/login");
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("herald_session="))
                .findFirst().orElseThrow(() -> new AssertionError("no herald_session cookie: " + r.headers().map()));
    }

    /** {@code POST /api/public/auth/socket} with the user's API key: a socket JWT. */
    public String socketToken(User user) {
        HttpJson.Response r = HttpJson.post(platform.auth().httpUrl() + "/api/public/auth/socket", "",
                Map.of("X-AUTH-TOKEN", user.apiKey()));
        expect(200, r, "POST /api/public/auth/socket");
        return r.body().path("token").asText();
    }

    /** {@code POST /api/tokens} with the server key: a token for {@code user} with grants. */
    public String grantedToken(User user, List<String> channels, String ttl) {
        HttpJson.Response r = HttpJson.post(platform.auth().httpUrl() + "/api/tokens",
                Map.of("user", user.uuid(), "channels", channels, "ttl", ttl),
                Map.of("Authorization", "apikey " + platform.serverKey()));
        expect2xx(r, "POST /api/tokens");
        return r.body().path("token").asText();
    }

    /** {@code POST /api/publish} on realtime instance {@code instance}; returns the stream offset. */
    public long publishHttp(int instance, String channel, Object data) {
        HttpJson.Response r = HttpJson.post(platform.realtime(instance).httpUrl() + "/api/publish",
                Map.of("channel", channel, "data", data),
                Map.of("Authorization", "apikey " + platform.serverKey()));
        expect2xx(r, "POST /api/publish");
        return offsetOf(r.body());
    }

    private static long offsetOf(JsonNode body) {
        JsonNode offset = body.path("offset");
        if (!offset.canConvertToLong()) {
            offset = body.findPath("offset");
        }
        if (!offset.canConvertToLong()) {
            throw new AssertionError("publish answer carries no offset: " + body);
        }
        return offset.asLong();
    }

    private void expect2xx(HttpJson.Response r, String what) {
        if (r.status() / 100 != 2) {
            throw new AssertionError(what + " answered " + r.status() + " " + r.raw() + "\n" + platform.logTails());
        }
    }

    private void expect(int status, HttpJson.Response r, String what) {
        assertEquals(status, r.status(), () -> what + " answered " + r.status() + " " + r.raw() + "\n" + platform.logTails());
    }
}
