package io.herald.realtime.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bus.BusEvent;
import io.herald.bus.EventBus;
import io.herald.realtime.api.ApiConfiguration;
import io.herald.realtime.api.Rehearsals;
import io.herald.realtime.hub.Hub;
import io.herald.realtime.hub.ProtocolCodec;
import io.herald.realtime.transport.RehearsalConnections;
import io.herald.schema.EventCatalog;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The traffic warm-up's rehearsals are answered by the real publish route and WebSocket endpoint and store nothing. */
class TrafficWarmUpTest {

    @Test
    void everyExampleIsAcceptedByThePublishRouteAndNothingIsStored() throws InterruptedException {
        try (EmbeddedServer server = server("warm-up-test-key")) {
            // tests never run it on their own (it would cost every test's server seconds of CPU)
            assertThat(server.getApplicationContext().findBean(TrafficWarmUp.class)).isEmpty();
            List<BusEvent> stored = new CopyOnWriteArrayList<>();
            server.getApplicationContext().getBean(EventBus.class).subscribeAll(stored::add);
            TrafficWarmUp warmUp = warmUp(server, server.getApplicationContext().getBean(ApiConfiguration.class), 300, Duration.ofSeconds(3));

            // 300 pipelined, then rounds of more until the compiler is quiet or the 3 s are over
            assertThat(warmUp.run(server.getPort())).isGreaterThanOrEqualTo(300);
            Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(stored::isEmpty);
            // and as many pongs on the Centrifugo endpoint, each connection closed by the server once they were handled
            assertThat(warmUp.pongs()).isGreaterThanOrEqualTo(300);
            // and every event of the first round (each to all 4 connections) arrived
            assertThat(warmUp.frames()).isGreaterThanOrEqualTo(300L * 4);
            // none of its connections is left handed over, and none joined the hub
            assertThat(server.getApplicationContext().getBean(RehearsalConnections.class).next(Duration.ZERO)).isNull();
            assertThat(server.getApplicationContext().getBean(Hub.class).connectionCount()).isZero();
        }
    }

    @Test
    void aWrongKeyStopsItAtTheFirstRequest() {
        try (EmbeddedServer server = server("the-real-key")) {
            TrafficWarmUp warmUp = warmUp(server, new ApiConfiguration(List.of("not-the-key"), 1024, 10), 300, Duration.ofSeconds(3));
            assertThat(warmUp.run(server.getPort())).isZero();
            // the WebSocket rehearsals need no key: they go on
            assertThat(warmUp.pongs()).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void withoutAServerApiKeyOnlyTheWebSocketPathIsRehearsed() {
        try (EmbeddedServer server = server(null)) {
            TrafficWarmUp warmUp = warmUp(server, server.getApplicationContext().getBean(ApiConfiguration.class), 200, Duration.ofSeconds(3));
            assertThat(warmUp.run(server.getPort())).isZero();
            assertThat(warmUp.pongs()).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void aServerThatDoesNotServeTheCentrifugoProtocolEndsTheWebSocketRehearsalAtOnce() throws Exception {
        // any HTTP server answering the upgrade with 404
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        other.start();
        try (EmbeddedServer server = server(null)) {
            TrafficWarmUp warmUp = warmUp(server, server.getApplicationContext().getBean(ApiConfiguration.class), 200, Duration.ofSeconds(20));
            long start = System.nanoTime();
            assertThat(warmUp.run(other.getAddress().getPort())).isZero();
            assertThat(warmUp.pongs()).isZero();
            // refused, not waited out until max-time
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        } finally {
            other.stop(0);
        }
    }

    @Test
    void theCompilerIsBusyWhileAnythingIsCompilingOrQueued() {
        String idle = "Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n";
        assertThat(TrafficWarmUp.busy(idle)).isFalse();
        assertThat(TrafficWarmUp.busy("Current compiles: \nC2 CompilerThread0  10345       4       java.lang.String::hashCode (60 bytes)\n\n"
            + "C1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n")).isTrue();
        assertThat(TrafficWarmUp.busy("Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\n"
            + " 10380       4       io.micronaut.http.filter.FilterRunner::filterRequest (154 bytes)\n")).isTrue();
        // this JVM answers the diagnostic command the warm-up reads
        assertThat(TrafficWarmUp.compilerQueue()).contains("Current compiles:").contains("C2 compile queue:");
    }

    /** A server on a random port with the in-memory bus, its own warm-ups off, and {@code apiKey} (null: none). */
    private static EmbeddedServer server(String apiKey) {
        Map<String, Object> properties = new HashMap<>(Map.of(
            "micronaut.server.port", -1,
            "herald.bus.kind", "memory",
            "herald.token.jwks-url", "http://127.0.0.1:9/keys",
            "herald.realtime.warm-up.events", 0));
        if (apiKey != null) {
            properties.put("herald.realtime.api.server-api-keys", apiKey);
        }
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    /** A warm-up built from {@code server}'s beans, with {@code api} for the publish rehearsals' key. */
    private static TrafficWarmUp warmUp(EmbeddedServer server, ApiConfiguration api, int requests, Duration maxTime) {
        ApplicationContext context = server.getApplicationContext();
        return new TrafficWarmUp(context.getBean(EventCatalog.class), api, context.getBean(Rehearsals.class),
            context.getBean(RehearsalConnections.class), List.copyOf(context.getBeansOfType(ProtocolCodec.class)),
            requests, maxTime);
    }
}
