package io.herald.webhook;

import io.micronaut.runtime.Micronaut;

/**
 * Entry point of the Herald webhook-audit process ({@code java -jar webhook-audit/target/webhook-audit-<version>.jar}).
 */
public final class WebhookApplication {

    private WebhookApplication() {
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
