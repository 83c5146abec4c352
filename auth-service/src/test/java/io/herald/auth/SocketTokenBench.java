package io.herald.auth;

import io.herald.auth.db.DatabaseBootstrap;
import io.herald.auth.support.AuthIntegrationTest;
import io.herald.auth.support.TestDatabase;
import io.herald.auth.token.TokenIssuer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Hand-run benchmark (not a test): tokens minted per second in-process, and latency of
 * {@code POST /api/public/auth/socket} over real HTTP (2,000 sequential requests after 500 warm-up).
 * Run (after {@code test-compile}): {@code ./mvnw -q -pl auth-service dependency:build-classpath
 * -Dmdep.outputFile=/tmp/cp -Dmdep.includeScope=test} then
 * {@code java -cp target/test-classes:target/classes:$(cat /tmp/cp) io.herald.auth.SocketTokenBench}.
 */
public final class SocketTokenBench {

    private SocketTokenBench() {
    }

    public static void main(String[] args) throws Exception {
        TestDatabase database = TestDatabase.create();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "micronaut.server.port", -1, "datasources.default.url", database.url(),
            "herald.auth.admin-key", AuthIntegrationTest.ADMIN_KEY, "herald.auth.rate-limit.enabled", false,
            "herald.auth.signing.key-encryption-key", AuthIntegrationTest.KEY_ENCRYPTION_KEY))) {
            server.getApplicationContext().getBean(DatabaseBootstrap.class).awaitReady(30, TimeUnit.SECONDS);
            TokenIssuer issuer = server.getApplicationContext().getBean(TokenIssuer.class);
            UUID user = UUID.randomUUID();
            for (int i = 0; i < 20_000; i++) {
                issuer.issue(user, "acme");
            }
            long start = System.nanoTime();
            int minted = 0;
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                issuer.issue(user, "acme");
                minted++;
            }
            System.out.printf("tokens minted per second (1 thread): %.0f%n",
                minted / ((System.nanoTime() - start) / 1e9));

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getPort();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/users"))
                .header("Authorization", "apikey " + AuthIntegrationTest.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"bench@example.com\",\"tenant\":\"acme\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            String apiKey = (String) server.getApplicationContext().getBean(JsonMapper.class)
                .readValue(created.body(), Map.class).get("apiKey");
            HttpRequest socket = HttpRequest.newBuilder(URI.create(base + "/api/public/auth/socket"))
                .header("X-AUTH-TOKEN", apiKey).POST(HttpRequest.BodyPublishers.noBody()).build();
            for (int i = 0; i < 500; i++) {
                http.send(socket, HttpResponse.BodyHandlers.ofString());
            }
            long[] nanos = new long[2000];
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                HttpResponse<String> response = http.send(socket, HttpResponse.BodyHandlers.ofString());
                nanos[i] = System.nanoTime() - t;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("status " + response.statusCode());
                }
            }
            Arrays.sort(nanos);
            System.out.printf("socket endpoint over HTTP, 2000 sequential: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                nanos[1000] / 1e6, nanos[1980] / 1e6, nanos[1999] / 1e6);
        } finally {
            database.drop();
        }
    }
}
