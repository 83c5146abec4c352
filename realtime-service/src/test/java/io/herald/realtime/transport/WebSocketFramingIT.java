package io.herald.realtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.realtime.RawWs;
import io.herald.realtime.RealtimeServer;
import io.herald.realtime.TestKeys;
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
 * WebSocket framing on both protocols over raw sockets: connections are told apart by their TCP connection (not by the
 * client's {@code Sec-WebSocket-Key}), a client's normal close is answered with a close frame, invalid UTF-8 closes
 * with 1007 and trailing bytes after a JSON frame are an error.
 */
class WebSocketFramingIT {

    static TestKeys keys;
    static RealtimeServer rt;

    @BeforeAll
    static void start() throws Exception {
        keys = new TestKeys();
        rt = RealtimeServer.start(keys, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        rt.close();
        keys.close();
    }

    static String token(String user) {
        return keys.token(user, "acme", List.of(), Duration.ofMinutes(5));
    }

    static String exportEvent(String guid) {
        return "{\"version\":\"v3-beta\",\"event\":\"job.created\",\"guid\":\"" + guid
            + "\",\"status\":\"running\",\"url\":null,\"details\":null}";
    }

    @Test
    void twentyConnectionsWithOneFixedKeyAllReceiveEvents() throws Exception {
        String user = UUID.randomUUID().toString();
        List<RawWs> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawWs ws = RawWs.connect(rt.ws("/ws", token(user)), RawWs.DEFAULT_KEY);
                clients.add(ws);
                ws.readContaining("\"connected\"");
            }
            String guid = UUID.randomUUID().toString();
            rt.publish("exports:" + user, exportEvent(guid));
            for (RawWs ws : clients) {
                assertThat(ws.readContaining(guid).text()).contains("\"channel\":\"exports:" + user + "\"");
            }
        } finally {
            for (RawWs ws : clients) {
                ws.close();
            }
        }
    }

    @Test
    void normalCloseOnHeraldEndpointIsAnsweredWith1000() throws Exception {
        try (RawWs ws = RawWs.connect(rt.ws("/ws", token(UUID.randomUUID().toString())), RawWs.DEFAULT_KEY)) {
            ws.readContaining("\"connected\"");
            ws.sendClose(1000);
            assertThat(ws.readCloseCode()).isEqualTo(1000);
        }
    }

    @Test
    void normalCloseOnCentrifugoEndpointIsAnsweredWith1000() throws Exception {
        try (RawWs ws = RawWs.connect(rt.ws("/connection/websocket", null), RawWs.DEFAULT_KEY)) {
            ws.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token(UUID.randomUUID().toString()) + "\"}}");
            ws.readContaining("\"client\"");
            ws.sendClose(1000);
            assertThat(ws.readCloseCode()).isEqualTo(1000);
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        try (RawWs ws = RawWs.connect(rt.ws("/ws", token(UUID.randomUUID().toString())), RawWs.DEFAULT_KEY)) {
            ws.readContaining("\"connected\"");
            byte[] prefix = "{\"type\":\"ping\",\"x\":\"".getBytes(StandardCharsets.UTF_8);
            byte[] frame = new byte[prefix.length + 4];
            System.arraycopy(prefix, 0, frame, 0, prefix.length);
            frame[prefix.length] = (byte) 0xc3;
            frame[prefix.length + 1] = (byte) 0x28;
            frame[prefix.length + 2] = '"';
            frame[prefix.length + 3] = '}';
            ws.send(1, frame);
            assertThat(ws.readCloseCode()).isEqualTo(1007);
        }
    }

    @Test
    void trailingBytesAfterTheJsonAreAnError() throws Exception {
        try (RawWs ws = RawWs.connect(rt.ws("/ws", token(UUID.randomUUID().toString())), RawWs.DEFAULT_KEY)) {
            ws.readContaining("\"connected\"");
            ws.sendText("{\"type\":\"ping\"} trailing");
            assertThat(ws.readContaining("\"error\"").text()).contains("\"code\":\"invalid_json\"");
            ws.sendText("{\"type\":\"ping\"}");
            ws.readContaining("\"pong\"");
        }
    }

    /** Sends a hand-made upgrade request and returns the status line of the answer. */
    static String statusOf(String request) throws Exception {
        java.net.URI uri = java.net.URI.create(rt.ws("/ws", token(UUID.randomUUID().toString())));
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.replace("{path}", uri.getRawPath() + "?" + uri.getRawQuery())
                .replace("{host}", uri.getHost() + ":" + uri.getPort()).getBytes(StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }

    @Test
    void aMalformedUpgradeGetsAnHttpAnswerNotADroppedConnection() throws Exception {
        // no Sec-WebSocket-Key
        assertThat(statusOf("GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n")).startsWith("HTTP/1.1 400");
        // a WebSocket version other than 13 (here the draft 8 that Netty could speak): 426 Upgrade Required, RFC 6455 §4.4
        assertThat(statusOf("GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + RawWs.DEFAULT_KEY + "\r\nSec-WebSocket-Version: 8\r\n\r\n")).startsWith("HTTP/1.1 426");
        // the same path without an upgrade is an ordinary HTTP request
        assertThat(statusOf("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")).doesNotStartWith("HTTP/1.1 101");
    }
}
