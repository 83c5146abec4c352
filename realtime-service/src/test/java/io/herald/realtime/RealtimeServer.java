package io.herald.realtime;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * realtime-service started in-process on a random port against the real local NATS, with its own stream and subject
 * prefix (deleted on close) and a local JWKS. NATS comes from {@link TestNats}: a container when a Docker engine is
 * available, otherwise {@code HERALD_NATS_URL}.
 */
public final class RealtimeServer implements AutoCloseable {

    public static final String NATS_URL = TestNats.url();
    public static final String API_KEY = "test-server-key-" + UUID.randomUUID();

    public final EmbeddedServer server;
    public final String stream;
    public final String prefix;
    public final Connection nats;

    private RealtimeServer(EmbeddedServer server, String stream, String prefix, Connection nats) {
        this.server = server;
        this.stream = stream;
        this.prefix = prefix;
        this.nats = nats;
    }

    public static RealtimeServer start(TestKeys keys, Map<String, Object> overrides) throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String stream = "HERALD_RT_" + run;
        String prefix = "herald_rt_" + run;
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("herald.realtime.nats-url", NATS_URL);
        props.put("herald.realtime.stream", stream);
        props.put("herald.realtime.subject-prefix", prefix);
        props.put("herald.realtime.stream-max-age", "PT10M");
        props.put("herald.token.jwks-url", keys.jwksUrl());
        props.put("herald.realtime.api.server-api-keys", API_KEY);
        props.putAll(overrides);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
        Connection nats = Nats.connect(NATS_URL);
        RealtimeServer rs = new RealtimeServer(server, stream, prefix, nats);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
            .until(() -> server.getApplicationContext().getBean(io.herald.bus.EventBus.class).ready());
        return rs;
    }

    public String ws(String path, String token) {
        return "ws://127.0.0.1:" + server.getPort() + path + (token == null ? "" : "?token=" + token);
    }

    public String http(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    /** Publishes to the stream as an app backend would (NATS JetStream). */
    public long publish(String channel, String json) {
        try {
            PublishAck ack = nats.jetStream().publish(prefix + ".ch." + channel, json.getBytes(StandardCharsets.UTF_8));
            return ack.getSeqno();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        // stop the context as the JVM shutdown hook does (ShutdownEvent → graceful shutdown → beans, server)
        server.getApplicationContext().close();
        try {
            nats.jetStreamManagement().deleteStream(stream);
        } catch (JetStreamApiException ignored) {
            // already gone
        }
        nats.close();
    }
}
