package io.herald.realtime;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The NATS JetStream server integration tests use: a container when a Docker engine is available, otherwise the
 * local server named by {@code HERALD_NATS_URL} [nats://127.0.0.1:4222]. Every test run still gets its own stream and
 * subject prefix ({@link RealtimeServer}).
 */
public final class TestNats {

    private static String url;

    private TestNats() {
    }

    /** @return the NATS URL of this JVM's test server (started on first use when it is a container) */
    public static synchronized String url() {
        if (url == null) {
            url = dockerAvailable() ? container() : local();
        }
        return url;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static String container() {
        GenericContainer<?> nats = new GenericContainer<>("nats:2.10").withCommand("-js").withExposedPorts(4222)
            .waitingFor(Wait.forLogMessage(".*Server is ready.*", 1));
        nats.start();
        return "nats://" + nats.getHost() + ":" + nats.getMappedPort(4222);
    }

    private static String local() {
        String value = System.getenv("HERALD_NATS_URL");
        return value == null || value.isBlank() ? "nats://127.0.0.1:4222" : value;
    }
}
