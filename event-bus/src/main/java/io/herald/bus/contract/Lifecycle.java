package io.herald.bus.contract;

import java.util.Set;

/**
 * What an event means for the job it belongs to, as the progress throttle needs it.
 *
 * <p>The terminal and reopening types live here, in one place, until the event catalogue declares them per namespace;
 * {@link #of} is the only call to re-point.
 */
public enum Lifecycle {
    /** A progress event: throttled per job. */
    PROGRESS,
    /** The job ended (finished, failed, converted, cancelled): later progress of the job is dropped. */
    TERMINAL,
    /** The job runs again after it ended ({@code job.requeued}, typed {@code job.retrying}): progress flows again. */
    REOPEN,
    /** Any other event: delivered as it is, never delayed. */
    OTHER;

    private static final Set<String> TERMINAL_TYPES = Set.of("job.finished", "job.failed", "job.convert.done",
        "job.convert.failed", "job.completed", "job.cancelled", "workbook.processing_completed",
        "workbook.processing_failed");
    private static final Set<String> REOPEN_TYPES = Set.of("job.requeued", "job.retrying");

    /**
     * @param type     the event type
     * @param progress whether the contract marks it as progress
     * @return its role for the throttle
     */
    public static Lifecycle of(String type, boolean progress) {
        if (progress) {
            return PROGRESS;
        }
        if (type == null) {
            return OTHER;
        }
        if (TERMINAL_TYPES.contains(type)) {
            return TERMINAL;
        }
        return REOPEN_TYPES.contains(type) ? REOPEN : OTHER;
    }
}
