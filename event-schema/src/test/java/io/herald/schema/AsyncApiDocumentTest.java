package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code asyncapi.yaml} parses, every {@code $ref} resolves (local pointers into the document, file
 * references into the schema files, with their fragments), every address parameter is declared, and every
 * catalogue event type, frame and WebSocket endpoint is described.
 */
class AsyncApiDocumentTest {

    private static Map<String, Object> doc;
    private static final List<String> REFS = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws Exception {
        try (InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream("asyncapi.yaml")) {
            assertNotNull(in, "asyncapi.yaml on the classpath");
            doc = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        collectRefs(doc);
    }

    @SuppressWarnings("unchecked")
    private static void collectRefs(Object node) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if ("$ref".equals(e.getKey())) {
                    REFS.add((String) e.getValue());
                } else {
                    collectRefs(e.getValue());
                }
            }
        } else if (node instanceof List<?> l) {
            l.forEach(AsyncApiDocumentTest::collectRefs);
        }
    }

    @Test
    void isAsyncApi3() {
        assertEquals("3.0.0", doc.get("asyncapi"));
        assertTrue(doc.containsKey("info") && doc.containsKey("channels") && doc.containsKey("operations"));
    }

    @Test
    void everyRefResolves() {
        assertTrue(REFS.size() > 100, "refs found: " + REFS.size());
        for (String ref : REFS) {
            if (ref.startsWith("#")) {
                assertNotNull(resolveInDocument(ref.substring(1)), "unresolved local $ref " + ref);
            } else {
                assertTrue(ref.startsWith("./schemas/"), "file refs point into schemas/: " + ref);
                int hash = ref.indexOf('#');
                String file = hash < 0 ? ref.substring(2) : ref.substring(2, hash);
                JsonNode schema = TestSupport.schema(file.substring("schemas/".length()));
                if (hash >= 0) {
                    assertFalse(schema.at(ref.substring(hash + 1)).isMissingNode(), "unresolved fragment " + ref);
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void operationsUseMessagesOfTheirChannel() {
        Map<String, Object> operations = (Map<String, Object>) doc.get("operations");
        for (Map.Entry<String, Object> e : operations.entrySet()) {
            Map<String, Object> op = (Map<String, Object>) e.getValue();
            assertTrue(Set.of("send", "receive").contains(op.get("action")), e.getKey());
            String channel = (String) ((Map<String, Object>) op.get("channel")).get("$ref");
            for (Object m : (List<Object>) op.get("messages")) {
                String ref = (String) ((Map<String, Object>) m).get("$ref");
                assertTrue(ref.startsWith(channel + "/messages/"), e.getKey() + ": " + ref + " not in " + channel);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void addressParametersAreDeclared() {
        Pattern param = Pattern.compile("\\{([A-Za-z]+)}");
        Map<String, Object> channels = (Map<String, Object>) doc.get("channels");
        for (Map.Entry<String, Object> e : channels.entrySet()) {
            Map<String, Object> ch = (Map<String, Object>) e.getValue();
            Map<String, Object> params = (Map<String, Object>) ch.getOrDefault("parameters", Map.of());
            Matcher m = param.matcher((String) ch.get("address"));
            Set<String> used = new HashSet<>();
            while (m.find()) {
                used.add(m.group(1));
            }
            assertEquals(used, params.keySet(), e.getKey());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void describesEveryEventFrameNamespaceAndEndpoint() {
        Set<String> schemaRefs = new HashSet<>(REFS);
        for (EventDefinition d : EventCatalog.standard().definitions()) {
            assertTrue(schemaRefs.contains("./schemas/" + d.schemaPath()), "asyncapi covers " + d.schemaPath());
        }
        for (FrameType t : FrameType.values()) {
            assertTrue(schemaRefs.contains("./schemas/" + t.schemaPath()), "asyncapi covers " + t.schemaPath());
        }
        Map<String, Object> channels = (Map<String, Object>) doc.get("channels");
        Set<String> addresses = new HashSet<>();
        channels.values().forEach(c -> addresses.add((String) ((Map<String, Object>) c).get("address")));
        for (ChannelNamespace ns : ChannelNamespace.values()) {
            assertTrue(addresses.contains("herald.ch." + ns.template()), "NATS subject of " + ns);
        }
        for (String endpoint : List.of("/ws", "/ws/jobs/{jobId}", "/ws/workbooks/{workbookId}", "/ws/notifications",
                "/connection/websocket", "herald.dlq.{channel}")) {
            assertTrue(addresses.contains(endpoint), endpoint);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object resolveInDocument(String pointer) {
        Object node = doc;
        for (String token : pointer.substring(1).split("/")) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (!(node instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return null;
            }
            node = ((Map<String, Object>) m).get(key);
        }
        return node;
    }
}
