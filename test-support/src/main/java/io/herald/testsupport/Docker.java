package io.herald.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers can run here, and environment look-ups with defaults. */
final class Docker {

    private static Boolean available;

    private Docker() {
    }

    static synchronized boolean available() {
        if (available == null) {
            boolean found;
            try {
                found = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | Error e) {
                found = false;
            }
            available = found;
        }
        return available;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
