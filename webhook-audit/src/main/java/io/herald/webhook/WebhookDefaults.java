package io.herald.webhook;

import io.herald.support.config.ServiceDefaults;

/** Loads this service's defaults from {@code herald-webhook.yml} (and {@code herald-webhook-<env>.yml}) on the classpath. */
public final class WebhookDefaults extends ServiceDefaults {

    /** Registered as a {@code PropertySourceLoader} service. */
    public WebhookDefaults() {
        super("herald-webhook");
    }
}
