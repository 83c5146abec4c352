package io.herald.auth;

import io.herald.support.config.ServiceDefaults;

/** Loads this service's defaults from {@code herald-auth.yml} (and {@code herald-auth-<env>.yml}) on the classpath. */
public final class AuthDefaults extends ServiceDefaults {

    /** Registered as a {@code PropertySourceLoader} service. */
    public AuthDefaults() {
        super("herald-auth");
    }
}
