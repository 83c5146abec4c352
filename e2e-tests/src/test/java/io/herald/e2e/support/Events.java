package io.herald.e2e.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Builders for the events the products publish, shaped exactly like the examples in the public reference
 * documents (export envelope {@code v3-beta}, typed messages, entity changes).
 */
public final class Events {

    private Events() {
    }

    /** An export envelope event ({@code job.created}, {@code job.finished}, ...) for job {@code guid}. */
    public static ObjectNode export(String event, String guid, String status) {
        ObjectNode e = Json.object();
        e.put("version", "v3-beta");
        e.put("event", event);
        e.put("guid", guid);
        e.put("status", status);
        e.putNull("url");
        ObjectNode details = e.putObject("details");
        details.put("guid", guid);
        details.put("status", status);
        details.put("url", "https://www.youtube.com/watch?v=" + guid.substring(0, 8));
        return e;
    }

    public static ObjectNode jobCreated(String guid) {
        return export("job.created", guid, "queueing");
    }

    public static ObjectNode jobProgress(String guid, int current, int total) {
        ObjectNode e = export("job.progress", guid, "progress");
        ((ObjectNode) e.get("details")).put("totalExported", current).put("total", total);
        e.put("current", current);
        e.put("total", total);
        return e;
    }

    public static ObjectNode jobRequeued(String guid) {
        return export("job.requeued", guid, "queueing");
    }

    public static ObjectNode jobFailed(String guid, String error) {
        ObjectNode e = export("job.failed", guid, "error");
        ((ObjectNode) e.get("details")).put("error", error);
        return e;
    }

    public static ObjectNode jobFinished(String guid, int total) {
        ObjectNode e = export("job.finished", guid, "done");
        String download = "https://exports.example/download/export-" + guid.substring(0, 8);
        e.put("url", download + ".xlsx");
        ((ObjectNode) e.get("details")).put("totalExported", total).put("total", total)
                .put("download_link", download + ".xlsx").put("json_url", download + ".json");
        return e;
    }

    /** A typed message ({@code type}, {@code payload}, {@code timestamp}). */
    public static ObjectNode typed(String type, ObjectNode payload) {
        ObjectNode e = Json.object();
        e.put("type", type);
        e.set("payload", payload);
        e.put("timestamp", Instant.now().toString());
        return e;
    }

    /** {@code sheet.data_updated} for a workbook; {@code seq} tells the updates apart. */
    public static ObjectNode sheetDataUpdated(String workbookId, int seq) {
        ObjectNode payload = Json.object();
        payload.put("workbook_id", workbookId);
        payload.put("sheet_id", "sheet-" + seq);
        payload.put("message", "update " + seq);
        return typed("sheet.data_updated", payload);
    }

    /** A typed job event ({@code job.started}, {@code job.progress}, {@code job.completed}...). */
    public static ObjectNode jobTyped(String type, String jobId, Integer progress) {
        ObjectNode payload = Json.object();
        payload.put("job_id", jobId);
        if (progress != null) {
            payload.put("progress", progress);
        }
        return typed(type, payload);
    }

    /** A toast ({@code notification} or {@code alert}). */
    public static ObjectNode toast(String type, String id, String title, String priority) {
        ObjectNode payload = Json.object();
        payload.put("id", id);
        payload.put("title", title);
        payload.put("message", title + " — details inside");
        payload.put("priority", priority);
        return typed(type, payload);
    }

    /** A workbook processing event; {@code progress} only for {@code workbook.processing_progress}. */
    public static ObjectNode workbook(String type, String workbookId, Integer progress) {
        ObjectNode payload = Json.object();
        payload.put("workbook_id", workbookId);
        if (progress != null) {
            payload.put("progress", progress);
            payload.put("message", "Processing sheet " + (1 + progress / 25) + " of 4");
        }
        return typed(type, payload);
    }

    /** An entity change of the commerce product ({@code order:updated} ...). */
    public static ObjectNode entityChange(String event, long id) {
        ObjectNode e = Json.object();
        e.put("event", event);
        ObjectNode data = e.putObject("data");
        data.put("id", id);
        data.put("status", "processing");
        if (event.endsWith(":updated")) {
            data.putObject("changed_fields").put("status", "processing");
        }
        e.put("timestamp", Instant.now().toString());
        return e;
    }
}
