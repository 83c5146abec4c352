package io.herald.realtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.WsClient;
import io.herald.realtime.api.Rehearsals;
import io.herald.realtime.client.Client;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only an upgrade that carries this process's rehearsal key hands its connection to the warm-up. */
class RehearsalConnectionsTest {

    @Test
    void onlyAConnectionWithThisProcesssKeyIsHandedOverAndItStaysUnauthenticated() throws Exception {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "herald.bus.kind", "memory",
                "herald.token.jwks-url", "http://127.0.0.1:9/keys",
                "herald.realtime.warm-up.events", 0))) {
            RehearsalConnections connections = server.getApplicationContext().getBean(RehearsalConnections.class);
            String key = server.getApplicationContext().getBean(Rehearsals.class).key();
            String url = "ws://127.0.0.1:" + server.getPort() + "/connection/websocket";

            try (WsClient plain = WsClient.connect(url);
                 WsClient wrong = WsClient.connectWithHeader(url, Rehearsals.HEADER, key + "x");
                 WsClient empty = WsClient.connectWithHeader(url, Rehearsals.HEADER, "")) {
                assertThat(connections.next(Duration.ofMillis(300))).isNull();
            }

            try (WsClient rehearsal = WsClient.connectWithHeader(url, Rehearsals.HEADER, key)) {
                Client client = connections.next(Duration.ofSeconds(5));
                assertThat(client).isNotNull();
                assertThat(client.userId()).isNull(); // no user, like any connection before its connect command
                assertThat(connections.next(Duration.ofMillis(100))).isNull(); // handed over once
                // and it is an ordinary connection: a connect without a token closes it with 3500
                rehearsal.send("{\"id\":1,\"connect\":{\"token\":\"\"}}");
                assertThat(rehearsal.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3500);
            }
        }
    }
}
