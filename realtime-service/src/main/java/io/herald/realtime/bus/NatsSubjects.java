package io.herald.realtime.bus;

/**
 * Builds and parses the NATS subjects of channels ({@code <prefix>.ch.<channel>}, {@code <prefix>.dlq.<channel>}).
 * The one place in realtime-service that knows the subject layout of docs/internal-contracts.md; to be replaced
 * by {@code io.herald.schema.Subjects} once event-schema publishes it.
 */
final class NatsSubjects {

    private final String channelPrefix;
    private final String deadLetterPrefix;

    NatsSubjects(String prefix) {
        if (prefix == null || prefix.isBlank() || prefix.contains(" ") || prefix.contains("*") || prefix.contains(">")) {
            throw new IllegalArgumentException("subject prefix must be a plain NATS token sequence, was '" + prefix + "'");
        }
        this.channelPrefix = prefix + ".ch.";
        this.deadLetterPrefix = prefix + ".dlq.";
    }

    String channel(String channel) {
        return channelPrefix + channel;
    }

    String allChannels() {
        return channelPrefix + ">";
    }

    String deadLetter(String channel) {
        return deadLetterPrefix + channel;
    }

    /** @return the channel of a channel subject, or null when the subject is not one */
    String channelOf(String subject) {
        return subject.startsWith(channelPrefix) ? subject.substring(channelPrefix.length()) : null;
    }
}
