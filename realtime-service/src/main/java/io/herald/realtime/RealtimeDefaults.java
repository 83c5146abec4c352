package io.herald.realtime;

import io.micronaut.context.env.ActiveEnvironment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;
import java.util.Optional;

/**
 * Loads this service's defaults from {@code herald-realtime.yml} (and {@code herald-realtime-<env>.yml}) on the classpath.
 *
 * <p>Why not {@code application.yml}: the services are also composed into one application context (the embedded
 * platform), where only one {@code application.yml} would win on the shared classpath. A uniquely named file per
 * service, registered as a {@code PropertySourceLoader} service, loads whenever the service's jar is on the
 * classpath, standalone, in tests or composed. Its order sits just below {@code application.yml}, so an
 * application that composes the services overrides any of these defaults in its own {@code application.yml};
 * environment variables and system properties still win over both.
 */
public final class RealtimeDefaults extends YamlPropertySourceLoader {

    private static final String APPLICATION = "application";
    private static final String FILE = "herald-realtime";

    @Override
    public int getOrder() {
        return DEFAULT_POSITION - 1;
    }

    @Override
    public Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        return APPLICATION.equals(resourceName) ? super.load(FILE, resourceLoader) : Optional.empty();
    }

    @Override
    public Optional<PropertySource> loadEnv(String resourceName, ResourceLoader resourceLoader,
                                            ActiveEnvironment activeEnvironment) {
        return APPLICATION.equals(resourceName) ? super.loadEnv(FILE, resourceLoader, activeEnvironment) : Optional.empty();
    }
}
