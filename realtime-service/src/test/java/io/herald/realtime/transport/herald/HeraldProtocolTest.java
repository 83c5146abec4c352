package io.herald.realtime.transport.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.realtime.hub.Delivery;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeraldProtocolTest {

    final JsonMapper mapper = JsonMapper.createDefault();
    final HeraldProtocol protocol = new HeraldProtocol(mapper);

    @SuppressWarnings("unchecked")
    Map<String, Object> parse(byte[] bytes) throws Exception {
        return mapper.readValue(bytes, Map.class);
    }

    @Test
    void eventFrameIsTheEventWithChannelAndOffsetAppended() throws Exception {
        byte[] event = "{\"event\":\"order:created\",\"data\":{\"id\":1}}  \n".getBytes(StandardCharsets.UTF_8);
        var frame = protocol.encode(new Delivery("order_changes@t", 42, 0, event), "order_changes");
        assertThat(frame.text()).isEqualTo("{\"event\":\"order:created\",\"data\":{\"id\":1},\"channel\":\"order_changes\",\"offset\":42}");
        assertThat(frame.channel()).isEqualTo("order_changes@t");
        assertThat(frame.offset()).isEqualTo(42);
        var empty = protocol.encode(new Delivery("c", 1, 0, "{ }".getBytes(StandardCharsets.UTF_8)), "c");
        assertThat(parse(empty.utf8())).containsEntry("channel", "c").containsEntry("offset", 1);
    }

    @Test
    void aPrettyPrintedEventIsFramedOnOneLine() throws Exception {
        // SSE reuses this frame as its data: field, which a line break would end
        byte[] event = "{\n  \"event\" : \"order:created\",\n  \"data\" : { \"id\" : 1.10 }\n}\n".getBytes(StandardCharsets.UTF_8);
        var frame = protocol.encode(new Delivery("order_changes@t", 42, 0, event), "order_changes");
        assertThat(frame.text()).isEqualTo("{\"event\":\"order:created\",\"data\":{\"id\":1.10},\"channel\":\"order_changes\",\"offset\":42}");
    }

    @Test
    void controlFrames() throws Exception {
        assertThat(parse(protocol.connected("u1", List.of("exports:u1")).utf8()))
            .containsEntry("type", "connected").containsEntry("userId", "u1")
            .containsEntry("message", "WebSocket connection established");
        assertThat(protocol.pong().text()).isEqualTo("{\"type\":\"pong\"}");
        assertThat(parse(protocol.error("forbidden", "no \"quote\" problem").utf8()))
            .containsEntry("message", "no \"quote\" problem").containsEntry("code", "forbidden");
        assertThat(parse(protocol.subscribed("c", true, "e", 5L).utf8())).containsEntry("recovered", true).containsEntry("offset", 5);
        assertThat(parse(protocol.unsubscribed("c").utf8())).containsEntry("type", "unsubscribed");
    }

    @Test
    void decodesClientFrames() throws Exception {
        assertThat(protocol.decode("{\"type\":\"ping\"}").type()).isEqualTo(HeraldProtocol.Type.PING);
        var sub = protocol.decode("{\"type\":\"subscribe\",\"channel\":\"order_changes\",\"since\":12}");
        assertThat(sub).isEqualTo(new HeraldProtocol.ClientFrame(HeraldProtocol.Type.SUBSCRIBE, "order_changes", 12L, null));
        assertThat(protocol.decode("{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":1,\"epoch\":\"e1\"}").epoch()).isEqualTo("e1");
        assertThat(protocol.decode("{\"type\":\"unsubscribe\",\"channel\":\"x\"}").type()).isEqualTo(HeraldProtocol.Type.UNSUBSCRIBE);
    }

    @Test
    void badClientFramesHaveCodes() {
        assertCode("", "invalid_json");
        assertCode("{", "invalid_json");
        assertCode("[]", "invalid_json");
        assertCode("42", "invalid_json");
        assertCode("{}", "unknown_type");
        assertCode("{\"type\":1}", "unknown_type");
        assertCode("{\"type\":\"shout\"}", "unknown_type");
        assertCode("{\"type\":\"subscribe\"}", "bad_channel");
        assertCode("{\"type\":\"subscribe\",\"channel\":7}", "bad_channel");
        assertCode("{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":-1}", "bad_since");
        assertCode("{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":1.5}", "bad_since");
        assertCode("{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":\"3\"}", "bad_since");
        assertCode("{\"type\":\"subscribe\",\"channel\":\"c\",\"since\":3,\"epoch\":5}", "bad_since");
    }

    void assertCode(String text, String code) {
        assertThatThrownBy(() -> protocol.decode(text)).as(text)
            .isInstanceOfSatisfying(HeraldProtocol.BadFrame.class, e -> assertThat(e.code).isEqualTo(code));
    }
}
