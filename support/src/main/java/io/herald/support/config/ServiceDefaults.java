package io.herald.support.config;

import io.micronaut.context.env.ActiveEnvironment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;
import java.util.Optional;

/**
 * Loads one service's defaults from {@code <file>.yml} (and {@code <file>-<env>.yml}) on the classpath; each service
 * registers a subclass naming its file as a {@code io.micronaut.context.env.PropertySourceLoader} service.
 *
 * <p>Why not {@code application.yml}: the services are also composed into one application context (the embedded
 * platform), where only one {@code application.yml} would win on the shared classpath. A uniquely named file per
 * service loads whenever the service's jar is on the classpath, standalone, in tests or composed. Its order sits just
 * below {@code application.yml}, so an application that composes the services overrides any of these defaults in its
 * own {@code application.yml}; environment variables and system properties still win over both.
 */
public abstract class ServiceDefaults extends YamlPropertySourceLoader {

    private static final String APPLICATION = "application";

    private final String file;

    /** @param file the defaults file's name without {@code .yml}, e.g. {@code herald-auth} */
    protected ServiceDefaults(String file) {
        this.file = file;
    }

    @Override
    public int getOrder() {
        return DEFAULT_POSITION - 1;
    }

    @Override
    public Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        return APPLICATION.equals(resourceName) ? super.load(file, resourceLoader) : Optional.empty();
    }

    @Override
    public Optional<PropertySource> loadEnv(String resourceName, ResourceLoader resourceLoader,
                                            ActiveEnvironment activeEnvironment) {
        return APPLICATION.equals(resourceName) ? super.loadEnv(file, resourceLoader, activeEnvironment) : Optional.empty();
    }
}
