package io.herald.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates events against Herald's contract: the {@link EventCatalog} (which event types each channel namespace
 * carries) and the JSON Schema of each type.
 *
 * <p>Thread-safe; one per catalogue ({@link EventCatalog#contract()}), share it. Validating costs one JSON parse and
 * one schema evaluation: the channel's namespace fixes the type property ({@code event} or {@code type}), whose
 * value picks the schema directly.
 *
 * <p>An event is invalid when the channel name breaks the syntax or matches no namespace, the body is not a JSON
 * object, its type is missing or not one of the namespace's types, or it breaks the type's schema. Size limits are
 * the services' business, not the contract's.
 */
public final class EventContract {

    private final EventCatalog catalog;
    private final ObjectReader reader;

    EventContract(EventCatalog catalog) {
        this.catalog = catalog;
        this.reader = Schemas.reader();
    }

    /**
     * The contract of the active catalogue ({@link EventCatalog#active()}: the built-in one unless a service
     * installed another at start-up).
     *
     * @return the shared contract
     */
    public static EventContract load() {
        return EventCatalog.active().contract();
    }

    /**
     * The contract of a catalogue.
     *
     * @param catalog the catalogue
     * @return its shared contract
     */
    public static EventContract of(EventCatalog catalog) {
        return catalog.contract();
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
            ns = catalog.channel(channel).namespace().orElse(null);
            if (ns == null) {
                errors.add(new ValidationError("", "channel " + ChannelName.quoteForMessage(channel)
                    + " is not an event channel (it matches no namespace of the catalogue: " + patterns() + ")"));
            }
        }
        if (body == null || body.isMissingNode()) {
            errors.add(new ValidationError("", "event body is empty"));
            return new ValidationResult(null, errors, ns, null);
        }
        if (!body.isObject()) {
            errors.add(new ValidationError("", "event must be a JSON object, got " + describe(body)));
            return new ValidationResult(null, errors, ns, null);
        }
        Map<String, Map<String, EventDefinition>> types = ns != null ? catalog.typesOf(ns) : catalog.typesByDiscriminator();
        String discriminator = discriminator(types, body);
        if (discriminator == null) {
            errors.add(new ValidationError("", "event has no recognisable type: expected "
                + String.join(" or ", types.keySet().stream().map(d -> "a \"" + d + "\"").toList()) + " property"));
            return new ValidationResult(null, errors, ns, null);
        }
        JsonNode typeNode = body.get(discriminator);
        if (typeNode == null) {
            errors.add(new ValidationError("/" + discriminator, "required property '" + discriminator
                + "' (the event type) is missing"));
            return new ValidationResult(null, errors, ns, null);
        }
        if (!typeNode.isTextual()) {
            errors.add(new ValidationError("/" + discriminator, "the event type '" + discriminator
                + "' must be a string, got " + describe(typeNode)));
            return new ValidationResult(null, errors, ns, null);
        }
        String type = typeNode.textValue();
        Map<String, EventDefinition> named = types.get(discriminator);
        EventDefinition def = named.get(type);
        EventFamily family = def != null ? def.family() : named.values().iterator().next().family();
        String jobKey = ns != null && ns.jobKeyPointer() != null ? scalarText(body.at(ns.jobKeyPointer())) : null;
        EventInfo info = new EventInfo(type, family, jobKey, def != null && ns != null && ns.progress().contains(type));
        if (def == null) {
            errors.add(new ValidationError("/" + discriminator, "unknown event type " + ChannelName.quoteForMessage(type)
                + (ns != null ? " for channel namespace " + ns.template() + "; allowed: " + catalog.eventTypesFor(ns)
                              : "")));
            return new ValidationResult(info, errors, ns, null);
        }
        for (ValidationMessage m : catalog.schema(def).validate(body)) {
            errors.add(Schemas.toError(m));
        }
        return new ValidationResult(info, errors, ns, errors.isEmpty() && ns != null ? mirror(ns, body) : null);
    }

    // --- internals -------------------------------------------------------------------------------------

    /** The type property to read: the namespace's only one, or the first the body has. */
    private static String discriminator(Map<String, Map<String, EventDefinition>> types, JsonNode body) {
        if (types.size() == 1) {
            return types.keySet().iterator().next();
        }
        for (String d : types.keySet()) {
            JsonNode n = body.get(d);
            if (n != null && n.isTextual()) {
                return d;
            }
        }
        return null;
    }

    private String mirror(ChannelNamespace ns, JsonNode body) {
        ChannelNamespace.Mirror m = ns.mirror().orElse(null);
        if (m == null) {
            return null;
        }
        ChannelNamespace target = catalog.namespace(m.to()).orElse(null);
        String value = scalarText(body.at(ns.mirrorKeyPointer()));
        if (target == null || value == null) {
            return null;
        }
        // An id the target's pattern does not accept (e.g. a guid with a dot) has no mirror channel.
        String channel = target.pattern().fill(value);
        return ChannelName.syntaxProblem(channel) == null && target.pattern().match(channel) != null ? channel : null;
    }

    private String patterns() {
        List<String> p = new ArrayList<>();
        for (ChannelNamespace ns : catalog.namespaces()) {
            p.add(ns.template());
        }
        return String.join(", ", p);
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
}
