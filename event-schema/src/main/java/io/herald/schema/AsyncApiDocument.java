package io.herald.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The AsyncAPI 3.0 document of a catalogue: every namespace as a NATS channel (address {@code herald.ch.<pattern>},
 * who may subscribe, the event types it carries), every event type as a message whose payload is its JSON Schema,
 * the dead-letter subject, and the WebSocket endpoints with the Herald protocol's frames and the Centrifugo
 * publications. Generated from the loaded catalogue, never written by hand, so an operator's namespaces and event
 * types ({@code HERALD_CATALOG_DIR}) are described as soon as they are loaded.
 *
 * <p>A payload whose schema is one of Herald's own (the same document as in this jar) is a {@code $ref} to
 * {@code ./schemas/<path>}, relative to the document: the build packages the document next to {@code schemas/} in this
 * jar, and realtime-service serves both (the schemas under {@code /schemas/}). Any other schema, such as an operator's,
 * is written inline. Immutable and thread-safe.
 *
 * <p>{@link #main} writes the built-in catalogue's document; the build runs it to package {@code asyncapi.yaml}.
 */
public final class AsyncApiDocument {

    /** The AsyncAPI version written. */
    public static final String ASYNCAPI_VERSION = "3.0.0";

    /** info.version when the jar's manifest names none (classes run from a build directory). */
    private static final String FALLBACK_VERSION = "0.1.0";
    private static final String SCHEMA_FORMAT = "application/schema+json;version=draft-2020-12";
    private static final String CLOSE_CODES = "Close codes: 4001 invalid/expired/revoked token, 4003 not permitted, 4008 no "
        + "heartbeat, 4009 disconnected by the server (terminal), 4013 slow consumer, 4029 too many connections/messages, "
        + "1009 frame too large, 1001 going away.";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .disable(YAMLGenerator.Feature.SPLIT_LINES)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .build());

    /** A Herald WebSocket endpoint speaking the Herald JSON protocol. */
    private record Endpoint(String id, String address, String description, Map<String, String> parameters) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
        new Endpoint("ws", "/ws", "General connection: the user's auto-subscribed personal channels are joined on "
            + "connect; subscribe to others with subscribe frames. " + CLOSE_CODES, Map.of()),
        new Endpoint("ws_jobs", "/ws/jobs/{jobId}", "Joined to job:{jobId} on connect (grant needed; else close 4003). "
            + CLOSE_CODES, Map.of("jobId", "The job id.")),
        new Endpoint("ws_workbooks", "/ws/workbooks/{workbookId}", "Joined to workbook:{tenant}:{workbookId} for the "
            + "token's tenant on connect. " + CLOSE_CODES, Map.of("workbookId", "The workbook id.")),
        new Endpoint("ws_notifications", "/ws/notifications", "Joined to the user's notification channels on connect. "
            + CLOSE_CODES, Map.of()));

    private final ObjectNode root;

    private AsyncApiDocument(ObjectNode root) {
        this.root = root;
    }

    /**
     * Describes a catalogue.
     *
     * @param catalog the loaded catalogue
     * @return the document
     */
    public static AsyncApiDocument of(EventCatalog catalog) {
        return new AsyncApiDocument(new Builder(Objects.requireNonNull(catalog, "catalog")).build());
    }

    /**
     * The document as a tree (a copy: callers may change it).
     *
     * @return the document
     */
    public ObjectNode tree() {
        return root.deepCopy();
    }

    /**
     * The document in YAML.
     *
     * @return UTF-8 YAML
     */
    public byte[] yaml() {
        try {
            return YAML.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write the AsyncAPI document", e);
        }
    }

    /**
     * The document in JSON.
     *
     * @return UTF-8 JSON
     */
    public byte[] json() {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write the AsyncAPI document", e);
        }
    }

    /**
     * Writes the built-in catalogue's document in YAML (what the build packages as {@code asyncapi.yaml}).
     *
     * @param args the output file
     * @throws IOException when it cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: AsyncApiDocument <output asyncapi.yaml>");
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, of(EventCatalog.standard()).yaml());
    }

    /** Builds the tree of one catalogue. */
    private static final class Builder {

        private final EventCatalog catalog;
        private final EventCatalog builtIn = EventCatalog.standard();
        private final Map<EventDefinition, String> messageIds = new LinkedHashMap<>();
        private final ObjectNode messages = NODES.objectNode();

        Builder(EventCatalog catalog) {
            this.catalog = catalog;
        }

        ObjectNode build() {
            ObjectNode root = NODES.objectNode();
            root.put("asyncapi", ASYNCAPI_VERSION);
            ObjectNode info = root.putObject("info");
            info.put("title", "Herald events and WebSocket protocols");
            info.put("version", version());
            info.put("description", "How events reach Herald (NATS JetStream subjects herald.ch.<channel>, or POST "
                + "/api/publish) and how they leave it (Herald JSON protocol on /ws, /ws/jobs/{jobId}, "
                + "/ws/workbooks/{workbookId}, /ws/notifications; Centrifugo protocol on /connection/websocket). "
                + "Generated from the event catalogue (" + catalog.source() + "): one channel per namespace, one "
                + "message per event type, its payload the type's JSON Schema (draft 2020-12). The subject prefix "
                + "'herald' is configurable (HERALD_SUBJECT_PREFIX).");
            root.put("defaultContentType", "application/json");
            ObjectNode servers = root.putObject("servers");
            ObjectNode nats = servers.putObject("nats");
            nats.put("host", "127.0.0.1:4222");
            nats.put("protocol", "nats");
            nats.put("description", "NATS with JetStream; the stream HERALD captures herald.ch.> (file storage, max "
                + "age 24 h, duplicate window 2 min via Nats-Msg-Id).");
            ObjectNode realtime = servers.putObject("realtime");
            realtime.put("host", "localhost:8080");
            realtime.put("protocol", "ws");
            realtime.put("description", "realtime-service WebSocket endpoints. Token as ?token=, Authorization: "
                + "Bearer, or the herald_session cookie.");

            for (EventDefinition d : catalog.definitions()) {
                messageIds.put(d, uniqueId(d));
            }
            ObjectNode channels = root.putObject("channels");
            ObjectNode operations = root.putObject("operations");
            for (ChannelNamespace ns : catalog.namespaces()) {
                namespaceChannel(ns, channels, operations);
            }
            deadLetters(channels, operations);
            for (Endpoint e : ENDPOINTS) {
                heraldEndpoint(e, channels, operations);
            }
            centrifugo(channels, operations);

            ObjectNode components = root.putObject("components");
            for (EventDefinition d : catalog.definitions()) {
                messages.set(messageIds.get(d), eventMessage(d));
            }
            for (FrameType t : FrameType.values()) {
                messages.set(frameId(t), frameMessage(t.wireName(), t.wireName() + " frame",
                    "Herald JSON protocol, " + (t.fromClient() ? "client → server." : "server → client."),
                    t.schemaPath()));
            }
            messages.set("frameEvent", frameMessage("event", "delivered event",
                "An event as published, plus 'channel' and 'offset'.", "frames/server/event.json"));
            ObjectNode deadLetter = messages.putObject("deadLetter");
            deadLetter.put("name", "dead-letter");
            deadLetter.put("title", "dead letter");
            deadLetter.put("summary", "An invalid event, body unchanged; headers Herald-Errors (JSON array of "
                + "{pointer, message}) and Herald-Channel.");
            deadLetter.put("contentType", "application/json");
            ObjectNode payload = deadLetter.putObject("payload");
            payload.put("type", "object");
            payload.put("description", "The refused body, byte for byte (it may not even be JSON).");
            components.set("messages", messages);
            return root;
        }

        private void namespaceChannel(ChannelNamespace ns, ObjectNode channels, ObjectNode operations) {
            String id = "nats_" + ns.name();
            ObjectNode ch = channels.putObject(id);
            ch.put("address", "herald.ch." + ns.template());
            ch.put("title", ns.template());
            ch.put("description", describe(ns));
            servers(ch, "nats");
            if (!ns.placeholders().isEmpty()) {
                ObjectNode params = ch.putObject("parameters");
                for (String p : ns.placeholders()) {
                    params.putObject(p).put("description", placeholder(p));
                }
            }
            ch.set("x-herald-namespace", namespaceExtension(ns));
            List<EventDefinition> carried = carried(ns);
            ObjectNode msgs = ch.putObject("messages");
            for (EventDefinition d : carried) {
                msgs.putObject(messageIds.get(d)).put("$ref", "#/components/messages/" + messageIds.get(d));
            }
            ObjectNode op = operations.putObject("publish_" + ns.name());
            op.put("action", "receive");
            op.put("title", "Herald consumes events of " + ns.template());
            op.put("description", "An application backend publishes on this subject (or via POST /api/publish); "
                + "Herald validates, throttles and delivers.");
            op.putObject("channel").put("$ref", "#/channels/" + id);
            ArrayNode refs = op.putArray("messages");
            for (EventDefinition d : carried) {
                refs.addObject().put("$ref", "#/channels/" + id + "/messages/" + messageIds.get(d));
            }
        }

        private void deadLetters(ObjectNode channels, ObjectNode operations) {
            ObjectNode ch = channels.putObject("nats_dead_letters");
            ch.put("address", "herald.dlq.{channel}");
            ch.put("title", "dead letters");
            ch.put("description", "Events that broke the contract, published by realtime-service with core NATS (not "
                + "captured by the stream). {channel} is the channel, sanitised when it was itself invalid.");
            servers(ch, "nats");
            ch.putObject("parameters").putObject("channel").put("description", "The channel the event was published to.");
            ch.putObject("messages").putObject("deadLetter").put("$ref", "#/components/messages/deadLetter");
            ObjectNode op = operations.putObject("dead_letter");
            op.put("action", "send");
            op.putObject("channel").put("$ref", "#/channels/nats_dead_letters");
            op.putArray("messages").addObject().put("$ref", "#/channels/nats_dead_letters/messages/deadLetter");
        }

        private void heraldEndpoint(Endpoint e, ObjectNode channels, ObjectNode operations) {
            ObjectNode ch = channels.putObject(e.id());
            ch.put("address", e.address());
            ch.put("title", e.address());
            ch.put("description", e.description());
            servers(ch, "realtime");
            if (!e.parameters().isEmpty()) {
                ObjectNode params = ch.putObject("parameters");
                e.parameters().forEach((k, v) -> params.putObject(k).put("description", v));
            }
            ObjectNode msgs = ch.putObject("messages");
            List<String> fromClient = new ArrayList<>();
            List<String> fromServer = new ArrayList<>();
            for (FrameType t : FrameType.values()) {
                (t.fromClient() ? fromClient : fromServer).add(frameId(t));
            }
            fromServer.add("frameEvent");
            for (String m : fromClient) {
                msgs.putObject(m).put("$ref", "#/components/messages/" + m);
            }
            for (String m : fromServer) {
                msgs.putObject(m).put("$ref", "#/components/messages/" + m);
            }
            ObjectNode in = operations.putObject(e.id() + "_client_sends");
            in.put("action", "receive");
            in.put("title", "Client frames on " + e.address());
            in.putObject("channel").put("$ref", "#/channels/" + e.id());
            ArrayNode inRefs = in.putArray("messages");
            fromClient.forEach(m -> inRefs.addObject().put("$ref", "#/channels/" + e.id() + "/messages/" + m));
            ObjectNode out = operations.putObject(e.id() + "_server_sends");
            out.put("action", "send");
            out.put("title", "Server frames and events on " + e.address());
            out.putObject("channel").put("$ref", "#/channels/" + e.id());
            ArrayNode outRefs = out.putArray("messages");
            fromServer.forEach(m -> outRefs.addObject().put("$ref", "#/channels/" + e.id() + "/messages/" + m));
        }

        private void centrifugo(ObjectNode channels, ObjectNode operations) {
            ObjectNode ch = channels.putObject("centrifugo");
            ch.put("address", "/connection/websocket");
            ch.put("title", "/connection/websocket");
            ch.put("description", "Centrifugo client protocol (JSON), compatible with the official SDKs that speak "
                + "its JSON format (centrifuge-js v5; the protobuf format is not served). Protocol frames are Centrifugo's own (github "
                + "centrifugal/protocol); each publication's 'data' is one of the event messages listed here, with "
                + "the publication's offset/epoch. Close codes are Centrifugo's (3500 invalid or revoked token, 3503 "
                + "disconnected by the server, 3507 permission denied, 3012 no pong, 3008 slow, 3001 shutdown).");
            servers(ch, "realtime");
            ObjectNode msgs = ch.putObject("messages");
            ObjectNode op = operations.putObject("centrifugo_publications");
            op.put("action", "send");
            op.put("title", "Publications (data = event)");
            op.putObject("channel").put("$ref", "#/channels/centrifugo");
            ArrayNode refs = op.putArray("messages");
            for (String id : messageIds.values()) {
                msgs.putObject(id).put("$ref", "#/components/messages/" + id);
                refs.addObject().put("$ref", "#/channels/centrifugo/messages/" + id);
            }
        }

        private ObjectNode eventMessage(EventDefinition d) {
            ObjectNode m = NODES.objectNode();
            m.put("name", d.type());
            m.put("title", d.type());
            m.put("summary", d.type() + (d.family().name().isEmpty() ? "" : " (family " + d.family().name() + ")"));
            String webhookName = catalog.webhookName(d.type());
            if (!webhookName.equals(d.type())) {
                m.put("description", "Named " + webhookName + " in webhook notices.");
            }
            m.put("contentType", "application/json");
            ObjectNode payload = m.putObject("payload");
            payload.put("schemaFormat", SCHEMA_FORMAT);
            JsonNode document = catalog.schemaDocument(d).orElseThrow();
            if (isBuiltInSchema(d, document)) {
                payload.putObject("schema").put("$ref", "./schemas/" + d.schemaPath());
            } else {
                payload.set("schema", document);
            }
            return m;
        }

        /** A schema served next to the document: one of Herald's own, unchanged by the operator's directory. */
        private boolean isBuiltInSchema(EventDefinition d, JsonNode document) {
            return builtIn.find(d.family(), d.type())
                .filter(b -> b.schemaPath().equals(d.schemaPath()) && b.schemaId().equals(d.schemaId()))
                .flatMap(builtIn::schemaDocument)
                .filter(document::equals)
                .isPresent();
        }

        private static ObjectNode frameMessage(String name, String title, String summary, String schemaPath) {
            ObjectNode m = NODES.objectNode();
            m.put("name", name);
            m.put("title", title);
            m.put("summary", summary);
            m.put("contentType", "application/json");
            ObjectNode payload = m.putObject("payload");
            payload.put("schemaFormat", SCHEMA_FORMAT);
            payload.putObject("schema").put("$ref", "./schemas/" + schemaPath);
            return m;
        }

        private ObjectNode namespaceExtension(ChannelNamespace ns) {
            ObjectNode x = NODES.objectNode();
            x.put("name", ns.name());
            x.put("access", ns.access().name().toLowerCase(Locale.ROOT));
            x.put("autoSubscribe", ns.autoSubscribe());
            ns.shortName().ifPresent(s -> x.put("shortName", s));
            strings(x.putArray("events"), catalog.eventTypesFor(ns));
            if (!ns.progress().isEmpty()) {
                strings(x.putArray("progress"), sorted(ns.progress()));
            }
            ns.jobKey().ifPresent(k -> x.put("jobKey", k));
            if (!ns.terminal().isEmpty()) {
                strings(x.putArray("terminal"), sorted(ns.terminal()));
            }
            if (!ns.reopen().isEmpty()) {
                strings(x.putArray("reopen"), sorted(ns.reopen()));
            }
            ns.historySize().ifPresent(h -> x.put("history", h));
            if (!ns.webhookNames().isEmpty()) {
                ObjectNode names = x.putObject("webhookNames");
                sorted(ns.webhookNames().keySet()).forEach(k -> names.put(k, ns.webhookNames().get(k)));
            }
            ns.mirror().ifPresent(m -> x.putObject("mirror").put("to", m.to()).put("key", m.key()));
            List<String> from = mirroredFrom(ns);
            if (!from.isEmpty()) {
                strings(x.putArray("mirroredFrom"), from);
            }
            return x;
        }

        private String describe(ChannelNamespace ns) {
            StringBuilder sb = new StringBuilder("Namespace ").append(ns.name()).append(": ");
            sb.append(switch (ns.access()) {
                case PERSONAL -> "personal; the user whose UUID is {userUuid} may subscribe";
                case TENANT -> "tenant; users whose token's tenant is {tenantId} may subscribe";
                case GRANT -> "grant-only; holders of a grant for the channel may subscribe";
            });
            if (ns.autoSubscribe()) {
                sb.append(", joined on connect");
            }
            sb.append('.');
            ns.shortName().ifPresent(s -> sb.append(" Clients may subscribe with the short name ").append(s).append('.'));
            if (!ns.progress().isEmpty()) {
                sb.append(" Progress (throttled per ").append(ns.jobKey().orElse("job")).append("): ")
                    .append(String.join(", ", sorted(ns.progress()))).append('.');
            }
            ns.mirror().ifPresent(m -> sb.append(" Every event is also delivered on the ").append(m.to())
                .append(" channel named by ").append(m.key()).append('.'));
            List<String> from = mirroredFrom(ns);
            if (!from.isEmpty()) {
                sb.append(" Also carries the events of ").append(String.join(", ", from))
                    .append(" mapped here by their mirror rule (same offsets; recovery and history include them).");
            }
            return sb.append(" One NATS message = one event.").toString();
        }

        private List<String> mirroredFrom(ChannelNamespace target) {
            List<String> from = new ArrayList<>();
            for (ChannelNamespace ns : catalog.namespaces()) {
                ns.mirror().filter(m -> m.to().equals(target.name())).ifPresent(m -> from.add(ns.name()));
            }
            return from;
        }

        private List<EventDefinition> carried(ChannelNamespace ns) {
            List<EventDefinition> out = new ArrayList<>();
            for (EventDefinition d : catalog.definitions()) {
                if (d.namespaces().contains(ns)) {
                    out.add(d);
                }
            }
            return out;
        }

        private String uniqueId(EventDefinition d) {
            String base = camel(d.family().name().isEmpty() ? "event" : d.family().name(), false) + camel(d.type(), true);
            String id = base;
            Set<String> taken = new HashSet<>(messageIds.values());
            for (int i = 2; taken.contains(id) || id.startsWith("frame") || id.equals("deadLetter"); i++) {
                id = base + i;
            }
            return id;
        }

        private static String frameId(FrameType t) {
            return "frame" + camel(t.wireName(), true);
        }

        private static String placeholder(String name) {
            return switch (name) {
                case "userUuid" -> "The user's UUID (token sub).";
                case "tenantId" -> "The tenant id (token claim tenant).";
                default -> "The " + name + " (letters, digits, _ and -).";
            };
        }

        private static void servers(ObjectNode channel, String server) {
            channel.putArray("servers").addObject().put("$ref", "#/servers/" + server);
        }

        private static void strings(ArrayNode array, Iterable<String> values) {
            values.forEach(array::add);
        }

        private static List<String> sorted(Set<String> values) {
            return values.stream().sorted().toList();
        }

        /** {@code bulk_download.ready} → {@code BulkDownloadReady}; non-alphanumerics separate words. */
        private static String camel(String text, boolean upperFirst) {
            StringBuilder sb = new StringBuilder(text.length());
            boolean upper = upperFirst;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!Character.isLetterOrDigit(c) || c > 127) {
                    upper = true;
                    continue;
                }
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
            return sb.isEmpty() ? "x" : sb.toString();
        }

        private static String version() {
            String v = AsyncApiDocument.class.getPackage().getImplementationVersion();
            return v != null ? v : FALLBACK_VERSION;
        }
    }
}
