package io.herald.realtime;

import io.micronaut.runtime.Micronaut;

/**
 * Entry point of the Herald realtime-service process ({@code java -jar realtime-service/target/realtime-service-<version>.jar}).
 */
public final class RealtimeApplication {

    private RealtimeApplication() {
    }

    /**
     * Starts the service; configuration comes from the environment (see DESIGN §8a).
     *
     * @param args command-line arguments, passed to Micronaut
     */
    public static void main(String[] args) {
        Micronaut.build(args).banner(false).start();
    }
}
