import io.herald.schema.ChannelNamespace;
import io.herald.schema.EventCatalog;
import io.herald.schema.EventDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Herald's event catalogue (namespaces, their channel-name templates and the event types each carries, with
 * each type's schema $id) as JSON, for the TypeScript generator. Run with the event-schema jar on the class path
 * (java's single-file launcher): the catalogue lives in Java, so this is the one place that reads it.
 */
public class DumpCatalog {
    public static void main(String[] args) throws Exception {
        EventCatalog catalog = EventCatalog.standard();
        List<String> namespaces = new ArrayList<>();
        for (ChannelNamespace ns : ChannelNamespace.values()) {
            List<String> events = new ArrayList<>();
            for (EventDefinition d : catalog.definitions()) {
                if (d.namespaces().contains(ns)) {
                    events.add("{\"type\":" + q(d.type()) + ",\"family\":" + q(d.family().name())
                        + ",\"discriminator\":" + q(d.family().discriminator())
                        + ",\"progress\":" + d.progress() + ",\"schema\":" + q(d.schemaId()) + "}");
                }
            }
            namespaces.add("{\"name\":" + q(ns.name()) + ",\"template\":" + q(ns.template())
                + ",\"shortName\":" + ns.shortName().map(DumpCatalog::q).orElse("null")
                + ",\"events\":[" + String.join(",", events) + "]}");
        }
        String json = "{\"namespaces\":[\n" + String.join(",\n", namespaces) + "\n]}\n";
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, json, StandardCharsets.UTF_8);
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
