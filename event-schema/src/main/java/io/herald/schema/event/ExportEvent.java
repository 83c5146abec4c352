package io.herald.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;
import java.util.Objects;

/**
 * An export envelope event ({@code schemas/envelope.json}): the job events, bulk download events and webhook
 * events of ExportComments' v3-beta API. {@code url} is always written, as {@code null} when absent;
 * {@code details}, {@code current} and {@code total} are omitted when null.
 *
 * @param version always {@link #VERSION}
 * @param event   the event type, e.g. {@code job.finished}
 * @param guid    the export job or resource id
 * @param status  the resource status, e.g. {@code done}
 * @param url     the download URL or null
 * @param details the serialized entity, open; null for bulk download events
 * @param current progress events: items exported so far
 * @param total   progress events: items to export
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportEvent(String version, String event, String guid, String status,
                          @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String url,
                          @Nullable Map<String, Object> details,
                          @Nullable Long current, @Nullable Long total) {

    /** The envelope version. */
    public static final String VERSION = "v3-beta";

    /**
     * Checks the required components.
     */
    public ExportEvent {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(status, "status");
    }

    /**
     * A non-progress envelope event.
     *
     * @param event   the event type
     * @param guid    the job or resource id
     * @param status  the status
     * @param url     the download URL or null
     * @param details the details or null
     * @return the event
     */
    public static ExportEvent of(String event, String guid, String status, @Nullable String url,
                                 @Nullable Map<String, Object> details) {
        return new ExportEvent(VERSION, event, guid, status, url, details, null, null);
    }

    /**
     * A {@code job.progress} event.
     *
     * @param guid    the job id
     * @param current items exported so far
     * @param total   items to export
     * @param details the details or null
     * @return the event
     */
    public static ExportEvent progress(String guid, long current, long total, @Nullable Map<String, Object> details) {
        return new ExportEvent(VERSION, "job.progress", guid, "progress", null, details, current, total);
    }
}
