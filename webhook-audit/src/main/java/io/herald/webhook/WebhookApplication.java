package io.herald.webhook;

import io.herald.webhook.endpoint.SecretCipher;
import io.herald.webhook.ssrf.SsrfConfig;
import io.herald.webhook.ssrf.SsrfGuard;
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
     * Starts the service; configuration comes from environment variables (see the README). A missing
     * {@code HERALD_WEBHOOK_SECRET_KEY} stops start-up with one line naming it.
     *
     * @param args command-line arguments, passed to Micronaut
     */
    public static void main(String[] args) {
        String key = System.getProperty("herald.webhook.secret-key", System.getenv("HERALD_WEBHOOK_SECRET_KEY"));
        if (key == null || key.isBlank()) {
            fail("required setting HERALD_WEBHOOK_SECRET_KEY is missing (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        }
        try {
            new SecretCipher(key);
            new SsrfGuard(new SsrfConfig(System.getenv("HERALD_WEBHOOK_ALLOW_SUBNETS")).subnets());
        } catch (IllegalArgumentException e) {
            fail(e.getMessage().contains("HERALD_") ? e.getMessage() : "HERALD_WEBHOOK_ALLOW_SUBNETS: " + e.getMessage());
        }
        Micronaut.build(args).banner(false).start();
    }

    private static void fail(String message) {
        System.err.println("webhook-audit: " + message);
        System.exit(2);
    }
}
