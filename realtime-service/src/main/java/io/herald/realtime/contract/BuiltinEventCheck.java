package io.herald.realtime.contract;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interim event contract: the envelope rules of DESIGN §2 (family per channel namespace, known event types, required
 * envelope fields), used until event-schema's JSON Schema validator is available to this module. Channels outside the
 * known namespaces accept any JSON object that names its type.
 */
public final class BuiltinEventCheck implements EventCheck {

    private static final Set<String> EXPORT_EVENTS = Set.of("job.created", "job.progress", "job.finished", "job.failed",
        "job.requeued", "job.convert.done", "job.convert.failed", "bulk_download.ready", "bulk_download.failed");
    private static final Set<String> WORKBOOK_EVENTS = Set.of("workbook.status_changed", "workbook.processing_started",
        "workbook.processing_progress", "workbook.processing_completed", "workbook.processing_failed", "sheet.data_updated");
    private static final Set<String> JOB_EVENTS = Set.of("job.started", "job.progress", "job.completed", "job.failed",
        "job.cancelled", "job.retrying");
    private static final Set<String> NOTIFICATION_EVENTS = Set.of("notification", "alert");
    private static final Set<String> PROGRESS = Set.of("job.progress", "workbook.processing_progress");
    private static final Map<Namespace, String> ENTITY = Map.of(Namespace.ORDER_CHANGES, "order",
        Namespace.PRODUCT_CHANGES, "product", Namespace.CUSTOMER_CHANGES, "customer",
        Namespace.SHIPMENT_CHANGES, "shipment", Namespace.TRANSACTION_CHANGES, "transaction");

    private final JsonMapper mapper;

    /** @param mapper JSON reader */
    public BuiltinEventCheck(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Verdict check(String channel, byte[] json) {
        JsonNode root;
        try {
            root = mapper.readValue(json, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return new Verdict(null, null, false, List.of(": not valid JSON"));
        }
        if (root == null || !root.isObject()) {
            return new Verdict(null, null, false, List.of(": an event must be a JSON object"));
        }
        List<String> errors = new ArrayList<>();
        Namespace ns;
        try {
            ns = ChannelName.parse(channel).namespace();
        } catch (IllegalArgumentException e) {
            return new Verdict(null, null, false, List.of("channel: " + e.getMessage()));
        }
        String event = text(root, "event");
        String type = text(root, "type");
        String name = event != null ? event : type;
        if (name == null) {
            return new Verdict(null, null, false, List.of("/event: missing (or /type)"));
        }
        String jobKey = null;
        if (ns == null) {
            return new Verdict(name, null, false, errors);
        }
        switch (ns) {
            case EXPORTS, EXPORT_JOB, WEBHOOKS -> {
                Set<String> allowed = ns == Namespace.WEBHOOKS ? Set.of("webhook.event.created") : EXPORT_EVENTS;
                require(allowed.contains(event), "/event", "unknown event type '" + name + "' for this channel", errors);
                require(root.get("version") != null, "/version", "missing", errors);
                jobKey = text(root, "guid");
                if (ns != Namespace.WEBHOOKS) {
                    require(jobKey != null, "/guid", "missing", errors);
                }
            }
            case WORKBOOK, JOB, NOTIFICATIONS, USER_NOTIFICATIONS, USER_DASHBOARD -> {
                Set<String> allowed = switch (ns) {
                    case WORKBOOK -> WORKBOOK_EVENTS;
                    case JOB -> JOB_EVENTS;
                    case USER_DASHBOARD -> null;
                    default -> NOTIFICATION_EVENTS;
                };
                require(type != null && (allowed == null || allowed.contains(type)), "/type",
                    "unknown event type '" + name + "' for this channel", errors);
                JsonNode payload = root.get("payload");
                require(payload != null && payload.isObject(), "/payload", "must be an object", errors);
                if (payload != null && payload.isObject()) {
                    jobKey = text(payload, ns == Namespace.WORKBOOK ? "workbook_id" : "job_id");
                }
            }
            case USER -> require("subscription.updated".equals(type), "/type",
                "unknown event type '" + name + "' for this channel", errors);
            default -> {
                String entity = ENTITY.get(ns);
                boolean ok = event != null && (event.equals(entity + ":created") || event.equals(entity + ":updated")
                    || event.equals(entity + ":deleted"));
                require(ok, "/event", "unknown event type '" + name + "' for this channel", errors);
                JsonNode data = root.get("data");
                require(data != null && data.isObject(), "/data", "must be an object", errors);
            }
        }
        return new Verdict(name, jobKey, PROGRESS.contains(name), List.copyOf(errors));
    }

    private static void require(boolean condition, String pointer, String message, List<String> errors) {
        if (!condition) {
            errors.add(pointer + ": " + message);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (value.isString()) {
            return value.getStringValue();
        }
        return value.isNumber() ? value.getNumberValue().toString() : null;
    }
}
