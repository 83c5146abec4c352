package io.herald.webhook.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.herald.testsupport.TestNats;
import io.herald.testsupport.TestPostgres;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * One webhook-audit instance under test, in this JVM, on a random port, with its own PostgreSQL database,
 * JetStream stream and subject prefix, an auth-service test double and captured logs. {@link #restart()} stops
 * and starts the service on the same database and stream.
 */
public final class Harness implements AutoCloseable {

    /** An HTTP answer. */
    public record Answer(int status, String contentType, Map<String, Object> json, List<Object> list, String raw) {
    }

    public final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    public final TestPostgres.Database database = TestPostgres.newDatabase("webhook");
    public final TestNats.Run run = TestNats.newRun("whit");
    public final String stream = run.stream();
    public final String prefix = run.prefix();
    public final String secretKey;
    public final AuthStub auth;
    public final Connection nats;
    public final List<String> logs = new CopyOnWriteArrayList<>();
    private final Map<String, Object> overrides;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AppenderBase<ILoggingEvent> appender;
    private ApplicationContext ctx;
    private EmbeddedServer server;

    public Harness(Map<String, Object> overrides) throws Exception {
        this.overrides = overrides;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        secretKey = Base64.getEncoder().encodeToString(k);
        auth = new AuthStub();
        nats = Nats.connect(run.url());
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                logs.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
            }
        };
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        start();
    }

    private Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("datasources.default.url", database.jdbcUrl());
        p.put("datasources.default.username", database.user());
        p.put("datasources.default.password", database.password());
        p.put("herald.nats.url", run.url());
        p.put("herald.nats.stream", stream);
        p.put("herald.nats.subject-prefix", prefix);
        p.put("herald.auth.url", auth.url());
        p.put("herald.token.jwks-url", auth.url() + "/keys");
        p.put("herald.webhook.secret-key", secretKey);
        p.put("herald.webhook.ssrf.allow-subnets", "127.0.0.0/8");
        p.put("herald.webhook.retry.schedule", List.of("0s", "1100ms", "1100ms"));
        p.put("herald.webhook.retry.min-after-throttle", "1500ms");
        p.put("herald.webhook.delivery.connect-timeout", "1s");
        p.put("herald.webhook.delivery.request-timeout", "1500ms");
        p.put("herald.webhook.delivery.lease", "4s");
        p.put("herald.webhook.delivery.sweep-interval", "200ms");
        p.put("herald.webhook.delivery.durable", "whit-" + runId);
        p.put("herald.webhook.outbox.interval", "200ms");
        p.put("herald.db.retry-interval", "500ms");
        p.putAll(overrides);
        return p;
    }

    private void start() {
        server = ApplicationContext.run(EmbeddedServer.class, properties(), "test");
        ctx = server.getApplicationContext();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> get("/health", null).status() == 200);
    }

    /** Stops the service (in-flight attempts are cut off) and starts it again on the same database and stream. */
    public void restart() {
        server.getApplicationContext().close();
        start();
    }

    /** Stops the service only. */
    public void stop() {
        server.getApplicationContext().close();
    }

    public ApplicationContext context() {
        return ctx;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** @return a JWT for the user */
    public String token(String user, String tenant) {
        return auth.token(user, tenant);
    }

    public Answer get(String path, String token) throws Exception {
        return send("GET", path, token, null, Map.of());
    }

    public Answer post(String path, String token, Object body) throws Exception {
        return send("POST", path, token, body, Map.of());
    }

    public Answer patch(String path, String token, Object body) throws Exception {
        return send("PATCH", path, token, body, Map.of());
    }

    public Answer delete(String path, String token) throws Exception {
        return send("DELETE", path, token, null, Map.of());
    }

    /** Sends a request; {@code token} null means no Authorization; extra headers may carry API keys. */
    @SuppressWarnings("unchecked")
    public Answer send(String method, String path, String token, Object body, Map<String, String> headers) throws Exception {
        JsonMapper json = JsonMapper.createDefault();
        byte[] b = body == null ? new byte[0] : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(b));
        if (body != null) {
            rb.header("Content-Type", "application/json");
        }
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        headers.forEach(rb::header);
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        Map<String, Object> map = null;
        List<Object> list = null;
        if (!r.body().isEmpty() && ct.contains("json")) {
            if (r.body().startsWith("[")) {
                list = json.readValue(r.body(), io.micronaut.core.type.Argument.listOf(Object.class));
            } else {
                map = json.readValue(r.body(), Map.class);
            }
        }
        return new Answer(r.statusCode(), ct, map, list, r.body());
    }

    /** Publishes an event on a channel, as an app backend does. */
    public PublishAck publish(String channel, String json) throws Exception {
        return nats.jetStream().publish(prefix + ".ch." + channel, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs a query on the service's database (schema webhook). */
    public List<Map<String, Object>> query(String sql, Object... args) throws Exception {
        try (java.sql.Connection c = database.connect()) {
            c.setSchema("webhook");
            return query(c, sql, args);
        }
    }

    private static List<Map<String, Object>> query(java.sql.Connection c, String sql, Object... args) throws Exception {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            if (!ps.execute()) {
                return List.of();
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** @return every text value of every table, to check that no secret leaked into rows */
    public String dumpText() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (java.sql.Connection c = database.connect(); Statement s = c.createStatement()) {
            for (String t : List.of("endpoint", "message", "delivery", "attempt", "outbox")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM webhook." + t)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            Object o = rs.getObject(i);
                            sb.append(o instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : o).append('|');
                        }
                    }
                }
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null && server.getApplicationContext().isRunning()) {
                server.getApplicationContext().close();
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
            nats.close();
            run.close();
            auth.close();
            database.close();
        }
    }
}
