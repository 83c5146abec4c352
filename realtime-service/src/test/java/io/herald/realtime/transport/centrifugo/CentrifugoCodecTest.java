package io.herald.realtime.transport.centrifugo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.realtime.transport.centrifugo.CentrifugoBackend.History;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.Position;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.Publication;
import io.herald.realtime.transport.centrifugo.CentrifugoBackend.Subscribed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CentrifugoCodecTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void publicationPushSplicesTheEventBytesUnchanged() {
        // Odd spacing and key order and a non-ASCII character: proves the data is spliced, not re-serialised.
        String event = "{\"version\":\"v3-beta\",  \"event\":\"job.progress\",\"guid\":\"g-1\",\"current\":5,\"total\":10,\"note\":\"caf\u00e9\"}";
        byte[] frame = CentrifugoCodec.publicationPush("exports:2f6c", 20, utf8(event));
        assertArrayEquals(utf8("{\"push\":{\"channel\":\"exports:2f6c\",\"pub\":{\"data\":" + event + ",\"offset\":20}}}"),
                frame);
    }

    @Test
    void aPrettyPrintedEventIsSentOnOneLineBecauseTheSdkSplitsFramesAtLineBreaks() {
        String pretty = "{\n  \"event\": \"order:created\",\r\n  \"data\": { \"note\": \"a b\\nc\" }\n}\n";
        assertEquals("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{\"event\":\"order:created\",\"data\":{\"note\":\"a b\\nc\"}},\"offset\":3}}}",
                new String(CentrifugoCodec.publicationPush("c", 3, utf8(pretty)), StandardCharsets.UTF_8));
        Subscribed recovered = new Subscribed(new Position(3, "E"), true, List.of(new Publication(3, utf8(pretty))));
        assertEquals("{\"recoverable\":true,\"epoch\":\"E\",\"offset\":3,\"positioned\":true,\"was_recovering\":true,"
                        + "\"recovered\":true,\"publications\":[{\"data\":{\"event\":\"order:created\",\"data\":{\"note\":\"a b\\nc\"}},\"offset\":3}]}",
                CentrifugoCodec.subscribeResult(recovered, true).toString());
    }

    @Test
    void zeroOffsetIsOmitted() {
        assertEquals("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{\"a\":1}}}}",
                new String(CentrifugoCodec.publicationPush("c", 0, utf8("{\"a\":1}")), StandardCharsets.UTF_8));
    }

    @Test
    void shortTenantNameIsWrittenAsTheSubscriberWroteIt() {
        assertEquals("{\"push\":{\"channel\":\"order_changes\",\"pub\":{\"data\":{\"event\":\"order:created\"},\"offset\":7}}}",
                new String(CentrifugoCodec.publicationPush("order_changes", 7, utf8("{\"event\":\"order:created\"}")),
                        StandardCharsets.UTF_8));
    }

    @Test
    void channelNamesAreEscaped() {
        assertEquals("a\\\"b\\\\c\\n\\u0001", CentrifugoCodec.escape("a\"b\\c\n\u0001"));
        assertEquals("plain:name@t", CentrifugoCodec.escape("plain:name@t"));
    }

    @Test
    void subscribeResultShapes() {
        Subscribed recovered = new Subscribed(new Position(18, "E"), true,
                List.of(new Publication(16, utf8("{\"n\":1}")), new Publication(18, utf8("{\"n\":2}"))));
        assertEquals("{\"recoverable\":true,\"epoch\":\"E\",\"offset\":18,\"positioned\":true,\"was_recovering\":true,"
                        + "\"recovered\":true,\"publications\":[{\"data\":{\"n\":1},\"offset\":16},{\"data\":{\"n\":2},\"offset\":18}]}",
                CentrifugoCodec.subscribeResult(recovered, true).toString());
        Subscribed fresh = new Subscribed(new Position(0, "E"), false, List.of());
        assertEquals("{\"recoverable\":true,\"epoch\":\"E\",\"positioned\":true}",
                CentrifugoCodec.subscribeResult(fresh, false).toString());
        Subscribed unrecovered = new Subscribed(new Position(40, "E2"), false, List.of());
        assertEquals("{\"recoverable\":true,\"epoch\":\"E2\",\"offset\":40,\"positioned\":true,\"was_recovering\":true}",
                CentrifugoCodec.subscribeResult(unrecovered, true).toString());
    }

    @Test
    void errorAndHistoryShapes() {
        assertEquals("{\"id\":3,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
                CentrifugoCodec.error(3, CentrifugoErrorCode.PERMISSION_DENIED));
        assertEquals("{\"id\":4,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}",
                CentrifugoCodec.error(4, CentrifugoErrorCode.INTERNAL));
        assertEquals("{\"epoch\":\"E\"}", CentrifugoCodec.historyResult(new History(List.of(), new Position(0, "E"))).toString());
    }
}
