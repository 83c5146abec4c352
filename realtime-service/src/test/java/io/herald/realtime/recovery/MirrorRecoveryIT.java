package io.herald.realtime.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
import io.herald.realtime.WsClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recovery on a mirror channel over the local NATS: the export events a producer publishes once on
 * {@code exports:<user>} are delivered on {@code export.<guid>.job} by the catalogue's mirror rule, and a client that
 * was not connected recovers them there ({@code since}, {@code /api/history}) at the offsets live delivery used, in
 * order, throttled as live, and in the snapshot on subscribe; another job's events on the same source channel are not
 * part of the mirror channel.
 */
class MirrorRecoveryIT {

    static final JsonMapper JSON = JsonMapper.createDefault();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of("herald.realtime.throttle.window", "1s"));
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String frame) throws Exception {
        return JSON.readValue(frame, Map.class);
    }

    static long offset(String frame) throws Exception {
        return ((Number) parse(frame).get("offset")).longValue();
    }

    @Test
    void aClientRecoversOnTheMirrorChannelWhatWasPublishedOnTheSourceWhileNobodyWasConnected() throws Exception {
        String user = UUID.randomUUID().toString();
        String guid = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String source = "exports:" + user;
        String mirror = "export." + guid + ".job";
        String token = keys.token(user, "acme", List.of(mirror), Duration.ofMinutes(5));

        long before = rt.publish(source, export("job.created", other, 0));
        long created = rt.publish(source, export("job.created", guid, 0));
        rt.publish(source, export("job.created", other, 0));
        long progress = rt.publish(source, export("job.progress", guid, 40));
        long finished = rt.publish(source, export("job.finished", guid, 100));
        rt.publish(source, export("job.finished", other, 100));

        try (WsClient client = WsClient.connect(rt.ws("/ws", token))) {
            client.nextContaining("connected");
            client.send("{\"type\":\"subscribe\",\"channel\":\"" + mirror + "\",\"since\":" + before + "}");
            Map<String, Object> subscribed = parse(client.nextContaining("\"subscribed\""));
            assertThat(subscribed).containsEntry("recovered", true).containsEntry("channel", mirror);
            List<Map<String, Object>> recovered = List.of(parse(client.next()), parse(client.next()), parse(client.next()));
            assertThat(recovered).extracting(f -> ((Number) f.get("offset")).longValue())
                .containsExactly(created, progress, finished);
            assertThat(recovered).extracting(f -> f.get("event")).containsExactly("job.created", "job.progress", "job.finished");
            assertThat(recovered).allSatisfy(f -> assertThat(f).containsEntry("channel", mirror).containsEntry("guid", guid));
            client.send("{\"type\":\"ping\"}");
            assertThat(client.next()).as("nothing else was recovered").contains("pong");
        }

        JsonNode history = history(mirror, before, token);
        assertThat(history.get("recovered").getBooleanValue()).isTrue();
        List<Long> offsets = new ArrayList<>();
        history.get("events").values().forEach(e -> offsets.add(e.get("offset").getLongValue()));
        assertThat(offsets).containsExactly(created, progress, finished);
    }

    @Test
    void recoveryOnTheMirrorChannelIsThrottledExactlyAsLiveDelivery() throws Exception {
        String user = UUID.randomUUID().toString();
        String guid = UUID.randomUUID().toString();
        String source = "exports:" + user;
        String mirror = "export." + guid + ".job";
        String token = keys.token(user, "acme", List.of(mirror), Duration.ofMinutes(5));
        List<Long> live = new ArrayList<>();
        long first;
        try (WsClient client = WsClient.connect(rt.ws("/ws", token))) {
            client.nextContaining("connected");
            client.send("{\"type\":\"subscribe\",\"channel\":\"" + mirror + "\"}");
            client.nextContaining("\"subscribed\"");
            first = rt.publish(source, export("job.progress", guid, 10));
            rt.publish(source, export("job.progress", guid, 20));
            rt.publish(source, export("job.progress", guid, 30));
            rt.publish(source, export("job.progress", guid, 40));
            live.add(offset(client.nextContaining(mirror)));
            live.add(offset(client.nextContaining(mirror))); // the trailing progress at the window's end
            rt.publish(source, export("job.finished", guid, 100));
            live.add(offset(client.nextContaining(mirror)));
        }
        assertThat(live).hasSize(3);
        try (WsClient late = WsClient.connect(rt.ws("/ws", token))) {
            late.nextContaining("connected");
            late.send("{\"type\":\"subscribe\",\"channel\":\"" + mirror + "\",\"since\":" + (first - 1) + "}");
            assertThat(parse(late.nextContaining("\"subscribed\""))).containsEntry("recovered", true);
            assertThat(List.of(offset(late.next()), offset(late.next()), offset(late.next()))).isEqualTo(live);
            late.send("{\"type\":\"ping\"}");
            assertThat(late.next()).as("nothing else was recovered").contains("pong");
        }
    }

    @Test
    void aSnapshotOnTheMirrorChannelShowsTheJobsProgressPublishedOnTheSource() throws Exception {
        String user = UUID.randomUUID().toString();
        String guid = UUID.randomUUID().toString();
        String mirror = "export." + guid + ".job";
        String token = keys.token(user, "acme", List.of(mirror), Duration.ofMinutes(5));
        rt.publish("exports:" + user, export("job.created", guid, 0));
        long forty = rt.publish("exports:" + user, export("job.progress", guid, 40));
        try (WsClient client = WsClient.connect(rt.ws("/ws", token))) {
            client.nextContaining("connected");
            client.send("{\"type\":\"subscribe\",\"channel\":\"" + mirror + "\",\"snapshot\":true}");
            Map<String, Object> subscribed = parse(client.nextContaining("\"subscribed\""));
            assertThat(subscribed).containsEntry("channel", mirror).containsEntry("recovered", true);
            assertThat(((Number) subscribed.get("offset")).longValue()).isEqualTo(forty);
            Map<String, Object> progress = parse(client.nextContaining("job.progress"));
            assertThat(progress).containsEntry("snapshot", true).containsEntry("channel", mirror)
                .containsEntry("current", 40);
            assertThat(((Number) progress.get("offset")).longValue()).isEqualTo(forty);
        }
    }

    static JsonNode history(String channel, long since, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(rt.http("/api/history?channel="
                + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "&since=" + since)))
            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readValue(r.body(), JsonNode.class);
    }

    static String export(String event, String guid, int current) {
        String status = switch (event) {
            case "job.created" -> "queueing";
            case "job.progress" -> "progress";
            default -> "done";
        };
        String url = event.equals("job.finished") ? "\"https://exportcomments.com/download/export-" + guid + ".xlsx\"" : "null";
        String details = "{\"guid\":\"" + guid + "\",\"status\":\"" + status + "\",\"url\":\"https://www.youtube.com/watch?v=x\""
            + (event.equals("job.created") ? "" : ",\"totalExported\":" + current + ",\"total\":100")
            + (event.equals("job.finished") ? ",\"download_link\":" + url + ",\"json_url\":\"https://exportcomments.com/download/export-" + guid + ".json\"" : "")
            + "}";
        return "{\"version\":\"v3-beta\",\"event\":\"" + event + "\",\"guid\":\"" + guid + "\",\"status\":\"" + status
            + "\",\"url\":" + url + ",\"details\":" + details
            + (event.equals("job.progress") ? ",\"current\":" + current + ",\"total\":100" : "") + "}";
    }
}
