package io.herald.testsupport;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The NATS JetStream server integration tests use: a container when a Docker engine is available, otherwise the
 * local server named by {@code HERALD_NATS_URL} [nats://127.0.0.1:4222]. {@link #newRun} gives each test class its
 * own stream name and subject prefix, and deletes the stream when closed.
 */
public final class TestNats {

    private static String url;

    private TestNats() {
    }

    /** @return the NATS URL of this JVM's test server (started on first use when it is a container) */
    public static synchronized String url() {
        if (url == null) {
            url = Docker.available() ? container() : Docker.env("HERALD_NATS_URL", "nats://127.0.0.1:4222");
        }
        return url;
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static String container() {
        GenericContainer<?> nats = new GenericContainer<>("nats:2.10").withCommand("-js").withExposedPorts(4222)
            .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1));
        nats.start();
        return "nats://" + nats.getHost() + ":" + nats.getMappedPort(4222);
    }

    /**
     * @param label a short tag for the names ({@code [a-z0-9]})
     * @return a fresh stream name and subject prefix on the test server
     */
    public static Run newRun(String label) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String tag = label.toLowerCase(Locale.ROOT);
        return new Run(url(), ("T_" + tag + "_" + id).toUpperCase(Locale.ROOT), "t" + tag + id);
    }

    /**
     * One test class's stream on the test server.
     *
     * @param url    NATS URL
     * @param stream stream name (not created here: the code under test creates it)
     * @param prefix subject prefix: the stream's subjects are {@code <prefix>.ch.>}
     */
    public record Run(String url, String stream, String prefix) implements AutoCloseable {

        /**
         * @param channel a channel name
         * @return the subject its events are published on
         */
        public String subject(String channel) {
            return prefix + ".ch." + channel;
        }

        /** Deletes the stream (if it was created). */
        @Override
        public void close() throws IOException, InterruptedException {
            try (Connection connection = Nats.connect(url)) {
                connection.jetStreamManagement().deleteStream(stream);
            } catch (JetStreamApiException e) {
                // never created, or already gone
            }
        }
    }
}
