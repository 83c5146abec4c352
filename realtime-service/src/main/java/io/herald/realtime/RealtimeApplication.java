package io.herald.realtime;

import io.herald.realtime.transport.ConnectionSupervisor;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the Herald realtime-service process ({@code java -jar realtime-service/target/realtime-service-<version>.jar}).
 *
 * <p>Starts the context and the server itself instead of {@code Micronaut.start()}: Micronaut's shutdown hook stops
 * the Netty event loops before any bean hears of the shutdown, so clients would see a bare TCP close (1006). Our
 * hook first closes every WebSocket with 1001 (after flushing queued events), so clients reconnect and recover.
 */
@OpenAPIDefinition(info = @Info(title = "Herald realtime-service", version = "0.1.0",
    description = "Server publish API: events go through the JetStream stream, so ordering, throttling and recovery "
        + "hold as for events published on NATS. Every error is application/problem+json. The WebSocket side "
        + "(/ws, /ws/jobs/{jobId}, /ws/workbooks/{workbookId}, /ws/notifications, /connection/websocket) is described "
        + "by event-schema's AsyncAPI document and docs/protocols.md."))
@SecuritySchemes({
    @SecurityScheme(name = "serverApiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "Authorization", description = "'apikey <one of HERALD_SERVER_API_KEY>'"),
    @SecurityScheme(name = "serverXApiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "X-API-Key", description = "one of HERALD_SERVER_API_KEY")
})
public final class RealtimeApplication {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeApplication.class);

    private RealtimeApplication() {
    }

    /**
     * Starts the service; configuration comes from environment variables (see the README).
     *
     * @param args command-line arguments, passed to Micronaut
     */
    public static void main(String[] args) {
        long started = System.nanoTime();
        ApplicationContext context = Micronaut.build(args).banner(false).mainClass(RealtimeApplication.class).build();
        EmbeddedServer server;
        try {
            context.start();
            server = context.getBean(EmbeddedServer.class);
            server.start();
        } catch (RuntimeException e) {
            LOG.error("realtime-service failed to start: {}", e.getMessage());
            context.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            context.findBean(ConnectionSupervisor.class).ifPresent(ConnectionSupervisor::closeAllAndWait);
            server.stop();
            context.close();
        }, "herald-shutdown"));
        LOG.info("Startup completed in {}ms. Server Running: {}", (System.nanoTime() - started) / 1_000_000, server.getURL());
    }
}
