package io.herald.schema;

/**
 * What the contract recognised about one event body: its type, family, job key and whether it is a
 * progress event (subject to throttling).
 *
 * @param type     the event name: the envelope's {@code event}, the typed message's {@code type}, the entity
 *                 change's {@code event}
 * @param family   the family the body was read as
 * @param jobKey   the key progress throttling groups by: the envelope's {@code guid}; a typed message's
 *                 {@code payload.job_id} or {@code payload.workbook_id}; an entity change's {@code data.id} as a
 *                 string; {@code null} otherwise
 * @param progress {@code true} for the envelope {@code job.progress}, the typed {@code job.progress} and
 *                 {@code workbook.processing_progress}
 */
public record EventInfo(String type, EventFamily family, String jobKey, boolean progress) {
}
