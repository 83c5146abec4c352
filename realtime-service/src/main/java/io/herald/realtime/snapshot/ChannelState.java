package io.herald.realtime.snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a channel's events, in the order a subscriber received them, into the channel's current state.
 *
 * <p>On a channel that carries jobs (one of its events is a progress, terminal or reopening event of a job) the state is
 * the latest event of every job that is not finished, plus the terminal event of each job finished within the
 * finished window; on any other channel it is the latest event. A job is finished by a terminal event and stays so
 * until a reopening event: a progress after the terminal event never becomes its state (the live throttle drops it
 * too). Events without a job key on a job channel contribute their latest one.
 *
 * <p>Fed with the throttled sequence (what subscribers were sent), the state never holds a progress older than one a
 * subscriber already got. Framework-free and not thread-safe: one instance per read.
 *
 * @param <E> the event, handed back by {@link #snapshot}
 */
final class ChannelState<E> {

    /** What an event means for its job. */
    enum Role {
        /** a progress event */
        PROGRESS,
        /** the job ended */
        TERMINAL,
        /** the job runs again after it ended */
        REOPEN,
        /** anything else (a job's creation, an entity change, a notification) */
        OTHER
    }

    private record Entry<E>(long offset, E event) {
    }

    private static final class Job<E> {
        Entry<E> latest;
        boolean finished;
        long finishedAt;
    }

    private final long finishedWindowMillis;
    private final Map<String, Job<E>> jobs = new HashMap<>();
    private Entry<E> latest;
    private Entry<E> latestUnkeyed;
    private boolean jobChannel;

    /**
     * @param finishedWindowMillis how long a finished job's terminal event stays part of the state, milliseconds
     */
    ChannelState(long finishedWindowMillis) {
        if (finishedWindowMillis < 0) {
            throw new IllegalArgumentException("finished window must not be negative, was " + finishedWindowMillis + " ms");
        }
        this.finishedWindowMillis = finishedWindowMillis;
    }

    /**
     * Takes the next event.
     *
     * @param offset          its offset
     * @param timestampMillis its stream time, epoch milliseconds
     * @param jobKey          the job (or entity) it belongs to, or null
     * @param role            what it means for that job
     * @param event           the event
     */
    void accept(long offset, long timestampMillis, String jobKey, Role role, E event) {
        Entry<E> entry = new Entry<>(offset, event);
        if (latest == null || offset > latest.offset) {
            latest = entry;
        }
        if (jobKey == null) {
            latestUnkeyed = entry;
            return;
        }
        jobChannel |= role != Role.OTHER;
        Job<E> job = jobs.computeIfAbsent(jobKey, k -> new Job<>());
        switch (role) {
            case TERMINAL -> {
                job.finished = true;
                job.finishedAt = timestampMillis;
                job.latest = entry;
            }
            case REOPEN -> {
                job.finished = false;
                job.latest = entry;
            }
            default -> {
                // after its terminal event a job shows that event until it is reopened
                if (!job.finished) {
                    job.latest = entry;
                }
            }
        }
    }

    /**
     * @param nowMillis the present, epoch milliseconds (finished jobs older than the window are left out)
     * @return the events that make up the current state, in offset order
     */
    List<E> snapshot(long nowMillis) {
        if (!jobChannel) {
            return latest == null ? List.of() : List.of(latest.event);
        }
        List<Entry<E>> entries = new ArrayList<>();
        for (Job<E> job : jobs.values()) {
            if (!job.finished || job.finishedAt >= nowMillis - finishedWindowMillis) {
                entries.add(job.latest);
            }
        }
        if (latestUnkeyed != null) {
            entries.add(latestUnkeyed);
        }
        entries.sort((a, b) -> Long.compare(a.offset, b.offset));
        List<E> out = new ArrayList<>(entries.size());
        for (Entry<E> entry : entries) {
            out.add(entry.event);
        }
        return out;
    }
}
