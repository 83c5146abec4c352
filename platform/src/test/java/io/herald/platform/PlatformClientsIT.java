package io.herald.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The products' browser flows against the platform jar as it ships (in-memory bus, embedded PostgreSQL), all on its
 * one port, with real HTTP and WebSocket clients: the commerce dashboard (log in with e-mail and password, open
 * {@code /ws} with the {@code herald_session} cookie, follow the tenant's order changes and the personal channels,
 * renew the cookie, log out), the spreadsheet product's workbook room ({@code /ws/workbooks/{id}} with the token in
 * the query string) and notification bell, and {@code /metrics} for a Prometheus scraper.
 */
class PlatformClientsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static PlatformProcess platform;
    private static String adminKey;
    private static String serverKey;

    @BeforeAll
    static void start() throws Exception {
        Path home = Files.createDirectories(Path.of("target", "clients-it", UUID.randomUUID().toString()).toAbsolutePath());
        platform = new PlatformProcess(home, PlatformProcess.env("HERALD_THROTTLE_WINDOW", "PT1S"));
        platform.start();
        adminKey = Files.readString(home.resolve("admin.key")).strip();
        serverKey = Files.readString(home.resolve("server.key")).strip();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void commerceDashboardWithTheSessionCookie() throws Exception {
        String tenant = "shop" + UUID.randomUUID().toString().substring(0, 8);
        String email = "clerk-" + UUID.randomUUID() + "@shop.example";
        String password = "correct horse " + UUID.randomUUID();
        String user = (String) json(send("POST", "/api/admin/users", Map.of("email", email, "tenant", tenant,
            "password", password), 201, "Authorization", "apikey " + adminKey)).get("uuid");

        // Log in: the session cookie, as a browser keeps it.
        HttpResponse<String> login = send("POST", "/api/auth/login", Map.of("email", email, "password", password), 204);
        String setCookie = sessionCookie(login);
        assertThat(setCookie.toLowerCase(Locale.ROOT)).contains("httponly", "path=/", "samesite=lax");
        String cookie = setCookie.split(";", 2)[0];
        assertThat(send("POST", "/api/auth/login", Map.of("email", email, "password", "wrong"), 401).body())
            .contains("Wrong e-mail or password");

        // Without the cookie (or any token) the dashboard's socket is refused.
        try (WsClient anonymous = WsClient.connect(ws("/ws"))) {
            await().atMost(PATIENCE).until(() -> anonymous.closeCode() != null);
            assertThat(anonymous.closeCode()).isEqualTo(4001);
        }

        try (WsClient dashboard = WsClient.connect(ws("/ws"), "Cookie", cookie)) {
            Map<String, Object> connected = dashboard.awaitFrame(f -> "connected".equals(f.get("type")), PATIENCE);
            assertThat(connected).containsEntry("message", "WebSocket connection established").containsEntry("userId", user);
            assertThat(WsClient.channels(connected))
                .contains("user_notifications_channel:" + user, "user_dashboard_channel:" + user);
            dashboard.send(Map.of("type", "subscribe", "channel", "order_changes"));
            dashboard.awaitFrame(f -> "subscribed".equals(f.get("type")) && "order_changes".equals(f.get("channel")), PATIENCE);

            publish("order_changes@" + tenant, order("order:created", 123));
            publish("order_changes@" + tenant, order("order:updated", 123));
            publish("order_changes@other" + tenant, order("order:created", 999));
            publish("user_notifications_channel:" + user, typed("notification",
                Map.of("id", "notif_1", "title", "Order shipped", "message", "ORD-123 left the warehouse", "priority", "normal")));
            publish("user_dashboard_channel:" + user, typed("dashboard.updated",
                Map.of("widgets", List.of("orders_today"), "orders_today", 12)));

            await().atMost(PATIENCE).until(() -> dashboard.events("user_dashboard_channel:" + user).size() == 1);
            List<Map<String, Object>> orders = dashboard.events("order_changes");
            assertThat(orders).extracting(f -> f.get("event")).containsExactly("order:created", "order:updated");
            assertThat(WsClient.text(orders.get(1), "data.changed_fields.status")).isEqualTo("processing");
            assertThat(WsClient.text(orders.get(1), "data.id")).isEqualTo("123");
            assertThat(dashboard.events("user_notifications_channel:" + user)).singleElement()
                .satisfies(f -> assertThat(WsClient.text(f, "payload.title")).isEqualTo("Order shipped"));
            assertThat(dashboard.events()).as("nothing of the other shop").hasSize(4);
            dashboard.send(Map.of("type", "ping"));
            dashboard.awaitFrame(f -> "pong".equals(f.get("type")), PATIENCE);

            // The cookie is renewed while the session lasts; a page reloaded with the new cookie connects as before.
            HttpResponse<String> refreshed = send("POST", "/api/auth/refresh", null, 204, "Cookie", cookie);
            String renewed = sessionCookie(refreshed).split(";", 2)[0];
            assertThat(renewed).startsWith("herald_session=").isNotEqualTo("herald_session=");
            try (WsClient reloaded = WsClient.connect(ws("/ws"), "Cookie", renewed)) {
                reloaded.awaitFrame(f -> "connected".equals(f.get("type")) && user.equals(f.get("userId")), PATIENCE);
                reloaded.send(Map.of("type", "subscribe", "channel", "order_changes"));
                reloaded.awaitFrame(f -> "subscribed".equals(f.get("type")), PATIENCE);
                publish("order_changes@" + tenant, order("order:deleted", 123));
                reloaded.awaitFrame(f -> "order:deleted".equals(f.get("event")) && "order_changes".equals(f.get("channel")),
                    PATIENCE);
                dashboard.awaitFrame(f -> "order:deleted".equals(f.get("event")), PATIENCE);
            }
            assertThat(dashboard.closeCode()).as("the first socket stays open").isNull();
        }

        // Log out clears the cookie; without a session there is nothing to renew.
        HttpResponse<String> logout = send("POST", "/api/auth/logout", null, 204, "Cookie", cookie);
        assertThat(sessionCookie(logout).toLowerCase(Locale.ROOT)).startsWith("herald_session=;").contains("max-age=0");
        HttpResponse<String> ended = send("POST", "/api/auth/refresh", null, 401);
        assertThat(ended.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void workbookRoomAndNotificationBell() throws Exception {
        String tenant = "calc" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> created = json(send("POST", "/api/admin/users", Map.of("email",
            "analyst-" + UUID.randomUUID() + "@calc.example", "tenant", tenant), 201, "Authorization", "apikey " + adminKey));
        String user = (String) created.get("uuid");
        String token = (String) json(send("POST", "/api/public/auth/socket", null, 200,
            "X-AUTH-TOKEN", (String) created.get("apiKey"))).get("token");
        String workbook = UUID.randomUUID().toString();
        String room = "workbook:" + tenant + ":" + workbook;

        try (WsClient forged = WsClient.connect(ws("/ws/workbooks/" + workbook + "?token=not-a-token"))) {
            await().atMost(PATIENCE).until(() -> forged.closeCode() != null);
            assertThat(forged.closeCode()).as("invalid token").isEqualTo(4001);
        }

        try (WsClient page = WsClient.connect(ws("/ws/workbooks/" + workbook + "?token=" + token));
             WsClient bell = WsClient.connect(ws("/ws/notifications?token=" + token))) {
            Map<String, Object> connected = page.awaitFrame(f -> "connected".equals(f.get("type")), PATIENCE);
            assertThat(WsClient.channels(connected)).containsExactly(room);
            Map<String, Object> bellConnected = bell.awaitFrame(f -> "connected".equals(f.get("type")), PATIENCE);
            assertThat(WsClient.channels(bellConnected))
                .contains("notifications:" + user, "user_notifications_channel:" + user)
                .doesNotContain("exports:" + user, "user:" + user);

            publish(room, typed("workbook.processing_started", Map.of("workbook_id", workbook)));
            for (int p = 10; p <= 90; p += 10) {
                publish(room, typed("workbook.processing_progress", Map.of("workbook_id", workbook, "progress", p,
                    "message", "Processing sheet " + (1 + p / 25) + " of 4")));
            }
            publish(room, typed("workbook.processing_completed", Map.of("workbook_id", workbook)));
            publish("notifications:" + user, typed("notification", Map.of("id", "notif_1", "title", "Export Complete",
                "message", "Your XLSX export is ready for download", "priority", "normal")));
            publish("user:" + user, Map.of("type", "subscription.updated", "plan", "pro", "action", "created",
                "timestamp", Instant.now().getEpochSecond()));
            publish("user_notifications_channel:" + user, typed("alert", Map.of("id", "alert_1", "title",
                "Quota reached", "message", "90 % of the monthly quota used", "priority", "urgent")));

            page.awaitFrame(f -> "workbook.processing_completed".equals(f.get("type")), PATIENCE);
            List<Map<String, Object>> shown = page.events(room);
            List<Object> types = shown.stream().map(f -> f.get("type")).toList();
            assertThat(types.get(0)).as("all: %s", types).isEqualTo("workbook.processing_started");
            assertThat(types.get(1)).as("first progress at once: %s", types).isEqualTo("workbook.processing_progress");
            assertThat(WsClient.text(shown.get(1), "payload.progress")).isEqualTo("10");
            assertThat(types.get(types.size() - 1)).isEqualTo("workbook.processing_completed");
            assertThat(types).as("progress thinned by the throttle").hasSizeLessThan(11);
            List<Integer> progress = shown.stream().filter(f -> "workbook.processing_progress".equals(f.get("type")))
                .map(f -> Integer.parseInt(WsClient.text(f, "payload.progress"))).toList();
            assertThat(progress).isSorted();

            bell.awaitFrame(f -> "alert".equals(f.get("type")), PATIENCE);
            assertThat(bell.events()).extracting(f -> f.get("type")).containsExactly("notification", "alert");
            assertThat(page.events()).as("the room only").hasSize(shown.size());
        }
    }

    @Test
    void metricsAnswerAPrometheusScraperWithoutCredentials() throws Exception {
        send("GET", "/health", null, 200);
        HttpResponse<String> metrics = send("GET", "/metrics", null, 200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body()).contains("# TYPE herald_connections", "# TYPE jvm_memory_used_bytes gauge",
            "hikaricp_connections");
        assertThat(metrics.body().lines()).anyMatch(l -> l.startsWith("http_server_requests_seconds_count{")
            && l.contains("uri=\"/health\""));
        assertThat(send("GET", "/prometheus", null, 200).body()).contains("# TYPE herald_connections");
    }

    private static String ws(String path) {
        return platform.baseUrl().replace("http", "ws") + path;
    }

    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("herald_session="))
            .findFirst().orElseThrow(() -> new AssertionError("no herald_session cookie in " + response.headers()));
    }

    private static Map<String, Object> order(String event, long id) {
        Map<String, Object> data = new LinkedHashMap<>(Map.of("id", id, "order_number", "ORD-" + id, "status",
            "processing", "payment_status", "paid", "total", 99.99, "customer_id", 45, "currency", "USD"));
        if (event.endsWith(":updated")) {
            data.put("changed_fields", Map.of("status", "processing", "payment_status", "paid"));
        }
        return Map.of("event", event, "data", data, "timestamp", Instant.now().toString());
    }

    private static Map<String, Object> typed(String type, Map<String, Object> payload) {
        return Map.of("type", type, "payload", payload, "timestamp", Instant.now().toString());
    }

    private static void publish(String channel, Map<String, Object> event) throws Exception {
        send("POST", "/api/publish", Map.of("channel", channel, "data", event), 200, "Authorization", "apikey " + serverKey);
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSON.readValue(response.body(), Argument.mapOf(String.class, Object.class));
    }

    private static HttpResponse<String> send(String method, String path, Map<String, ?> body, int expected,
                                             String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.baseUrl() + path))
            .timeout(Duration.ofSeconds(20)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s answered %s", method, path, response.body()).isEqualTo(expected);
        return response;
    }
}
