package io.herald.auth;

import io.micronaut.runtime.Micronaut;

/**
 * Entry point of the Herald auth-service process ({@code java -jar auth-service/target/auth-service-<version>.jar}).
 */
public final class AuthApplication {

    private AuthApplication() {
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
