package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates events against Herald's contract: the JSON Schema files under {@code schemas/} and the
 * {@link EventCatalog} of which event types each channel namespace carries.
 *
 * <p>Thread-safe. The schemas are compiled once by {@link #load()}; share the instance. Validating costs one
 * JSON parse and one schema evaluation: the channel's namespace fixes the family, the family's type property
 * ({@code event} or {@code type}) picks the schema directly.
 *
 * <p>An event is invalid when the channel name breaks the syntax or is outside DESIGN §1's table, the body is
 * not a JSON object, its type is missing or unknown for the channel's namespace, or it breaks the type's schema.
 * Size limits are the services' business, not the contract's.
 */
public final class EventContract {

    private final EventCatalog catalog;
    private final ObjectReader reader;
    private final Map<EventFamily, Map<String, JsonSchema>> schemas;

    private EventContract(EventCatalog catalog) {
        this.catalog = catalog;
        this.reader = Schemas.reader();
        Map<EventFamily, Map<String, JsonSchema>> compiled = new EnumMap<>(EventFamily.class);
        for (EventDefinition d : catalog.definitions()) {
            compiled.computeIfAbsent(d.family(), f -> new HashMap<>()).put(d.type(), Schemas.compile(d.schemaPath()));
        }
        compiled.replaceAll((f, m) -> Map.copyOf(m));
        this.schemas = Collections.unmodifiableMap(compiled);
    }

    /**
     * The contract of DESIGN §2, compiled from the classpath folder {@code schemas/}. The first call compiles
     * the schemas; later calls return the same instance.
     *
     * @return the shared contract
     * @throws IllegalStateException when a schema file is missing or malformed (a packaging error)
     */
    public static EventContract load() {
        return Holder.INSTANCE;
    }

    /**
     * The catalogue this contract enforces.
     *
     * @return the catalogue
     */
    public EventCatalog catalog() {
        return catalog;
    }

    /**
     * Every known event type name.
     *
     * @return the names, e.g. {@code job.progress}, {@code order:updated}
     */
    public Set<String> eventTypes() {
        return catalog.eventTypes();
    }

    /**
     * The event types a namespace's channels may carry.
     *
     * @param ns the namespace
     * @return the names
     */
    public Set<String> eventTypesFor(ChannelNamespace ns) {
        return catalog.eventTypesFor(ns);
    }

    /**
     * Validates an event for a channel.
     *
     * @param channel the channel name the event is published to
     * @param json    the event body (UTF-8 JSON)
     * @return the result; never throws for bad input
     */
    public ValidationResult validate(String channel, byte[] json) {
        Objects.requireNonNull(json, "json");
        JsonNode body;
        try {
            body = reader.readTree(json);
        } catch (IOException e) {
            return notJson(channel, e);
        }
        return validate(channel, body);
    }

    /**
     * Validates an event for a channel.
     *
     * @param channel the channel name the event is published to
     * @param json    the event body
     * @return the result; never throws for bad input
     */
    public ValidationResult validate(String channel, String json) {
        Objects.requireNonNull(json, "json");
        JsonNode body;
        try {
            body = reader.readTree(json);
        } catch (IOException e) {
            return notJson(channel, e);
        }
        return validate(channel, body);
    }

    /**
     * Validates an already parsed event for a channel.
     *
     * @param channel the channel name the event is published to
     * @param body    the event body; {@code null} or a missing node counts as an empty body
     * @return the result; never throws for bad input
     */
    public ValidationResult validate(String channel, JsonNode body) {
        List<ValidationError> errors = new ArrayList<>(2);
        ChannelNamespace ns = null;
        String channelProblem = ChannelName.syntaxProblem(channel);
        if (channelProblem != null) {
            errors.add(new ValidationError("", channelProblem));
        } else {
            ns = ChannelName.parse(channel).namespace().orElse(null);
            if (ns == null) {
                errors.add(new ValidationError("", "channel " + ChannelName.quoteForMessage(channel)
                    + " is not an event channel (see DESIGN §1: exports:{userUuid}, job:{jobId},"
                    + " order_changes@{tenantId}, ...)"));
            }
        }
        if (body == null || body.isMissingNode()) {
            errors.add(new ValidationError("", "event body is empty"));
            return new ValidationResult(null, errors);
        }
        if (!body.isObject()) {
            errors.add(new ValidationError("", "event must be a JSON object, got " + describe(body)));
            return new ValidationResult(null, errors);
        }

        EventFamily family = ns != null ? catalog.familyOf(ns).orElse(null) : inferFamily(body);
        if (family == null) {
            errors.add(new ValidationError("", "event has no recognisable type: expected an \"event\" or \"type\" property"));
            return new ValidationResult(null, errors);
        }
        String discriminator = family.discriminator();
        JsonNode typeNode = body.get(discriminator);
        if (typeNode == null) {
            errors.add(new ValidationError("/" + discriminator, "required property '" + discriminator
                + "' (the event type) is missing"));
            return new ValidationResult(null, errors);
        }
        if (!typeNode.isTextual()) {
            errors.add(new ValidationError("/" + discriminator, "the event type '" + discriminator
                + "' must be a string, got " + describe(typeNode)));
            return new ValidationResult(null, errors);
        }
        String type = typeNode.textValue();
        EventDefinition def = catalog.lookup(family, type);
        EventInfo info = new EventInfo(type, family, jobKey(family, body), def != null && def.progress());
        if (def == null) {
            errors.add(new ValidationError("/" + discriminator, "unknown event type " + ChannelName.quoteForMessage(type)
                + (ns != null ? " for channel namespace " + ns.template() + "; allowed: " + catalog.eventTypesFor(ns)
                              : "")));
            return new ValidationResult(info, errors);
        }
        if (ns != null && !def.namespaces().contains(ns)) {
            // Only reachable with a catalogue where a family spans namespaces with different types.
            errors.add(new ValidationError("/" + discriminator, "event type '" + type + "' may not be published on "
                + ns.template() + "; allowed: " + catalog.eventTypesFor(ns)));
        }
        JsonSchema schema = schemas.get(family).get(type);
        for (ValidationMessage m : schema.validate(body)) {
            errors.add(Schemas.toError(m));
        }
        return new ValidationResult(info, errors);
    }

    // --- internals -------------------------------------------------------------------------------------

    private static EventFamily inferFamily(JsonNode body) {
        JsonNode event = body.get("event");
        if (event != null && event.isTextual()) {
            return event.textValue().indexOf(':') >= 0 ? EventFamily.ENTITY_CHANGE : EventFamily.EXPORT_ENVELOPE;
        }
        JsonNode type = body.get("type");
        if (type != null && type.isTextual()) {
            return "subscription.updated".equals(type.textValue()) ? EventFamily.ACCOUNT : EventFamily.TYPED_MESSAGE;
        }
        return null;
    }

    private static String jobKey(EventFamily family, JsonNode body) {
        switch (family) {
            case EXPORT_ENVELOPE:
                return scalarText(body.get("guid"));
            case TYPED_MESSAGE: {
                JsonNode payload = body.get("payload");
                if (payload == null || !payload.isObject()) {
                    return null;
                }
                String job = scalarText(payload.get("job_id"));
                return job != null ? job : scalarText(payload.get("workbook_id"));
            }
            case ENTITY_CHANGE: {
                JsonNode data = body.get("data");
                return data != null && data.isObject() ? scalarText(data.get("id")) : null;
            }
            default:
                return null;
        }
    }

    private static String scalarText(JsonNode n) {
        if (n == null || !(n.isTextual() || n.isIntegralNumber())) {
            return null;
        }
        return n.asText();
    }

    private static ValidationResult notJson(String channel, IOException e) {
        List<ValidationError> errors = new ArrayList<>(2);
        String channelProblem = ChannelName.syntaxProblem(channel);
        if (channelProblem != null) {
            errors.add(new ValidationError("", channelProblem));
        }
        errors.add(new ValidationError("", "event body is not valid JSON: " + Schemas.describe(e)));
        return new ValidationResult(null, errors);
    }

    private static String describe(JsonNode n) {
        return Schemas.describe(n);
    }

    private static final class Holder {
        static final EventContract INSTANCE = new EventContract(EventCatalog.standard());
    }
}
