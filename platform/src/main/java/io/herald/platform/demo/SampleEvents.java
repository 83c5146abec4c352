package io.herald.platform.demo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sample events of the three products, shaped exactly as the event contract requires: an export job's life
 * (created, progress, finished), a notification toast, and an order change.
 */
final class SampleEvents {

    private static final String VERSION = "v3-beta";
    private static final String SOURCE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";

    private SampleEvents() {
    }

    static Map<String, Object> jobCreated(String guid) {
        return export("job.created", guid, "queueing", null, details(guid, "queueing"));
    }

    static Map<String, Object> jobProgress(String guid, int current, int total) {
        Map<String, Object> details = details(guid, "progress");
        details.put("totalExported", current);
        details.put("total", total);
        Map<String, Object> event = export("job.progress", guid, "progress", null, details);
        event.put("current", current);
        event.put("total", total);
        return event;
    }

    static Map<String, Object> jobFinished(String guid, int total) {
        String download = "https://example.com/download/export-" + guid + ".xlsx";
        Map<String, Object> details = details(guid, "done");
        details.put("totalExported", total);
        details.put("total", total);
        details.put("download_link", download);
        details.put("json_url", "https://example.com/download/export-" + guid + ".json");
        return export("job.finished", guid, "done", download, details);
    }

    static Map<String, Object> notification(String title, String message) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", "notif_" + UUID.randomUUID().toString().substring(0, 8));
        payload.put("title", title);
        payload.put("message", message);
        payload.put("priority", "normal");
        return Map.of("type", "notification", "payload", payload, "timestamp", Instant.now().toString());
    }

    static Map<String, Object> orderUpdated() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int id = random.nextInt(100, 1000);
        String status = List.of("processing", "shipped", "delivered").get(random.nextInt(3));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("order_number", "ORD-" + (1_000_000_000L + id));
        data.put("status", status);
        data.put("payment_status", "paid");
        data.put("total", Math.round(random.nextDouble(10, 500) * 100) / 100.0);
        data.put("customer_id", random.nextInt(1, 100));
        data.put("currency", "USD");
        data.put("changed_fields", Map.of("status", status));
        return Map.of("event", "order:updated", "data", data, "timestamp", Instant.now().toString());
    }

    private static Map<String, Object> export(String name, String guid, String status, String url,
                                              Map<String, Object> details) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", VERSION);
        event.put("event", name);
        event.put("guid", guid);
        event.put("status", status);
        event.put("url", url);
        event.put("details", details);
        return event;
    }

    private static Map<String, Object> details(String guid, String status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("guid", guid);
        details.put("status", status);
        details.put("url", SOURCE);
        return details;
    }
}
