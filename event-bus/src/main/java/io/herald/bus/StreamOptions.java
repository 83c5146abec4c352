package io.herald.bus;

import java.time.Duration;

/**
 * The shape of the event log, shared by every {@link EventBus} implementation.
 *
 * @param stream                stream name ({@code HERALD})
 * @param subjectPrefix         subject prefix ({@code herald}): channels are stored under {@code <prefix>.ch.<channel>}
 * @param maxAge                how long events are kept
 * @param maxMessagesPerChannel how many events are kept per channel (the oldest go first); {@code -1}: no limit
 * @param duplicateWindow       how long a message id is remembered for de-duplication (at most {@code maxAge})
 */
public record StreamOptions(String stream, String subjectPrefix, Duration maxAge, long maxMessagesPerChannel,
                            Duration duplicateWindow) {

    /** Validates the options and caps the duplicate window at the max age. */
    public StreamOptions {
        if (stream == null || !stream.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("stream name must match [A-Za-z0-9_-]{1,64}, was " + stream);
        }
        if (subjectPrefix == null || !subjectPrefix.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw new IllegalArgumentException("subject prefix must be dot-separated [A-Za-z0-9_-] tokens, was "
                + subjectPrefix);
        }
        if (maxAge == null || maxAge.toMillis() < 1000) {
            throw new IllegalArgumentException("stream max age must be at least 1 s, was " + maxAge);
        }
        if (maxMessagesPerChannel == 0 || maxMessagesPerChannel < -1) {
            throw new IllegalArgumentException("max messages per channel must be positive or -1, was "
                + maxMessagesPerChannel);
        }
        if (duplicateWindow == null || duplicateWindow.isNegative() || duplicateWindow.isZero()) {
            throw new IllegalArgumentException("duplicate window must be positive, was " + duplicateWindow);
        }
        if (duplicateWindow.compareTo(maxAge) > 0) {
            duplicateWindow = maxAge;
        }
    }

    /**
     * @param stream        stream name
     * @param subjectPrefix subject prefix
     * @param maxAge        max age
     * @return options with no per-channel limit and a 2 min duplicate window
     */
    public static StreamOptions of(String stream, String subjectPrefix, Duration maxAge) {
        return new StreamOptions(stream, subjectPrefix, maxAge, -1, Duration.ofMinutes(2));
    }
}
