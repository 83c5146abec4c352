package io.herald.webhook;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * Entry point of the Herald webhook-audit process ({@code java -jar webhook-audit/target/webhook-audit-<version>.jar}).
 */
@OpenAPIDefinition(info = @Info(title = "Herald webhooks", version = "0.1.0",
        description = "Webhook endpoints, signed deliveries (Standard Webhooks), retries and the audit log"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityScheme(name = "apikey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, paramName = "X-API-Key")
public final class WebhookApplication {

    private WebhookApplication() {
    }

    /**
     * Starts the service; configuration comes from the environment (see DESIGN §8a). A missing
     * {@code HERALD_WEBHOOK_SECRET_KEY} stops start-up with one line naming it.
     *
     * @param args command-line arguments, passed to Micronaut
     */
    public static void main(String[] args) {
        String key = System.getenv("HERALD_WEBHOOK_SECRET_KEY");
        if ((key == null || key.isBlank()) && System.getProperty("herald.webhook.secret-key") == null) {
            System.err.println("webhook-audit: required setting HERALD_WEBHOOK_SECRET_KEY is missing"
                    + " (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
            System.exit(2);
        }
        Micronaut.build(args).banner(false).start();
    }
}
