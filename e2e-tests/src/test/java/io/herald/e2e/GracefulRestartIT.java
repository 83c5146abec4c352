package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.e2e.support.Events;
import io.herald.e2e.support.HeraldApi;
import io.herald.e2e.support.NatsPublisher;
import io.herald.e2e.support.Platform;
import io.herald.e2e.support.Published;
import io.herald.e2e.support.User;
import io.herald.e2e.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator rolls out a new realtime-service version: the old process is stopped gracefully (SIGTERM). Its
 * clients are told {@code 1001} (going away) rather than seeing the connection drop, reconnect to the
 * new process with their last offset and receive what was published in between, exactly once and in order.
 */
class GracefulRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.start(1, false, Map.of());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void clientsAreToldGoingAwayAndRecoverFromTheNewProcess() {
        HeraldApi api = new HeraldApi(platform);
        String tenant = "ops" + UUID.randomUUID().toString().substring(0, 8);
        User user = api.createUser(tenant);
        String workbook = UUID.randomUUID().toString();
        String channel = "workbook:" + tenant + ":" + workbook;
        Published published = new Published();
        try (NatsPublisher nats = new NatsPublisher(platform)) {
            long lastSeen;
            try (WsClient ws = connect(api, user, channel, null)) {
                lastSeen = publish(nats, published, channel, workbook, 1);
                ws.awaitEvents(channel, 1, WAIT);
                platform.realtime().stop();
                assertEquals(1001, ws.awaitClose(WAIT), () -> "graceful shutdown closes with 1001: " + ws.closeReason());
            }
            publish(nats, published, channel, workbook, 2);
            publish(nats, published, channel, workbook, 3);
            platform.realtime().start();
            try (WsClient ws = connect(api, user, channel, lastSeen)) {
                List<JsonNode> recovered = ws.awaitEvents(channel, 2, WAIT);
                published.assertFaithfulSubsequence(channel, recovered, platform::logTails);
                assertEquals(published.offsets(channel).subList(1, 3),
                        recovered.stream().map(f -> f.path("offset").asLong()).toList());
            }
        }
    }

    private WsClient connect(HeraldApi api, User user, String channel, Long since) {
        WsClient ws = WsClient.connect(platform.heraldWs(0, "/ws", api.socketToken(user)));
        ws.awaitConnected(WAIT);
        ws.subscribe(channel, since, WAIT);
        return ws;
    }

    private static long publish(NatsPublisher nats, Published published, String channel, String workbook, int seq) {
        ObjectNode update = Events.sheetDataUpdated(workbook, seq);
        long offset = nats.publish(channel, update);
        published.add(channel, offset, update);
        return offset;
    }
}
