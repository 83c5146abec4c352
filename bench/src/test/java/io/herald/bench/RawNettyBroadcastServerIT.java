package io.herald.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.testsupport.TestNats;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The baseline and the load generator over real NATS and real sockets: every event reaches every client once. An
 * integration test: it needs the test NATS (a container when a Docker engine exists, else the local server).
 */
class RawNettyBroadcastServerIT {

    @Test
    void broadcastsEveryJetStreamEventToEveryClient() throws Exception {
        TestNats.Run run = TestNats.newRun("bench");
        String stream = run.stream();
        String prefix = run.prefix();
        String natsUrl = run.url();
        int clients = 10;
        int events = 300;
        try (Connection nats = Nats.connect(natsUrl)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(prefix + ".ch.>").storageType(StorageType.Memory).build());
            try (RawNettyBroadcastServer server = new RawNettyBroadcastServer(0, natsUrl, prefix, 2);
                 LoadGenerator load = new LoadGenerator(1)) {
                load.connect(clients, 4, i -> URI.create("ws://127.0.0.1:" + server.port() + "/ws?channel=order_changes@t1"),
                    i -> null, "\"subscribed\"");
                await().atMost(Duration.ofSeconds(20)).until(() -> load.ready() == clients);
                JetStream js = nats.jetStream();
                for (int n = 0; n < events; n++) {
                    js.publish(prefix + ".ch.order_changes@t1", Main.event(n, System.nanoTime()));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> load.received() >= (long) clients * events);
                assertEquals((long) clients * events, load.received());
                assertEquals((long) clients * events, server.deliveries());
                assertEquals(128, Main.event(1_000_001, System.nanoTime()).length);
            } finally {
                jsm.deleteStream(stream);
            }
        }
    }
}
