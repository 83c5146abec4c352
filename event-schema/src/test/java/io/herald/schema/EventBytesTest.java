package io.herald.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventBytesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEventOnOneLineIsTheSameArray() {
        byte[] json = "{ \"event\": \"order:updated\", \"data\": {\"id\": 1} }".getBytes(StandardCharsets.UTF_8);
        assertSame(json, EventBytes.singleLine(json));
    }

    @Test
    void aPrettyPrintedEventBecomesOneLineWithItsStringsAndNumbersExact() throws Exception {
        String pretty = "{\r\n  \"event\" : \"order:updated\",\n  \"data\" : {\n    \"id\" : 12345678901234567890,\n"
            + "    \"total\" : 1.10,\n    \"note\" : \"two  spaces, a \\\"quote\\\", a \\\\ and an escaped \\n line break\",\n"
            + "    \"name\" : \"Zoë\\u00e9 ünïcode\",\n    \"tags\" : [ \"a b\" , \"\\\\\" ]\n  }\n}\n";
        byte[] one = EventBytes.singleLine(pretty.getBytes(StandardCharsets.UTF_8));

        assertEquals("{\"event\":\"order:updated\",\"data\":{\"id\":12345678901234567890,\"total\":1.10,"
                + "\"note\":\"two  spaces, a \\\"quote\\\", a \\\\ and an escaped \\n line break\","
                + "\"name\":\"Zoë\\u00e9 ünïcode\",\"tags\":[\"a b\",\"\\\\\"]}}",
            new String(one, StandardCharsets.UTF_8));
        assertEquals(JSON.readTree(pretty), JSON.readTree(one));
    }
}
