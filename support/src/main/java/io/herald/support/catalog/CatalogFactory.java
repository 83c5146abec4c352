package io.herald.support.catalog;

import io.herald.schema.CatalogException;
import io.herald.schema.EventCatalog;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event catalogue every Herald service runs with: the built-in namespaces and event types plus the operator's
 * directory {@code herald.catalog.dir} ({@code HERALD_CATALOG_DIR}; unset: built-ins only), loaded and installed once
 * at start-up, before any traffic. A broken catalogue stops start-up with the file and JSON pointer of each problem.
 * One factory for every service, so the embedded platform (one application context) installs one catalogue too.
 */
@Factory
public final class CatalogFactory {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogFactory.class);

    @Context
    @Bean(preDestroy = "close")
    EventCatalog.Installation catalogInstallation(@Value("${herald.catalog.dir:}") String dir) {
        try {
            EventCatalog.Installation installed = EventCatalog.installFrom(dir);
            LOG.info("event catalogue: {}", installed.catalog());
            return installed;
        } catch (CatalogException e) {
            LOG.error("refusing to start: {}", e.getMessage());
            throw e;
        }
    }

    @Singleton
    EventCatalog eventCatalog(EventCatalog.Installation installed) {
        return installed.catalog();
    }
}
