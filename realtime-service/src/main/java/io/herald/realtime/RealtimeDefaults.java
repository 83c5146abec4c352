package io.herald.realtime;

import io.herald.support.config.ServiceDefaults;

/** Loads this service's defaults from {@code herald-realtime.yml} (and {@code herald-realtime-<env>.yml}) on the classpath. */
public final class RealtimeDefaults extends ServiceDefaults {

    /** Registered as a {@code PropertySourceLoader} service. */
    public RealtimeDefaults() {
        super("herald-realtime");
    }
}
