package io.herald.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * The one place NATS subjects are built and parsed (docs/internal-contracts.md): events of channel
 * {@code c} travel on {@code <prefix>.ch.<c>}, dead letters on {@code <prefix>.dlq.<c>}, control commands of topic
 * {@code t} (e.g. ending sessions) on {@code <prefix>.ctl.<t>}, an instance's rehearsal publishes (its start-up warm-up,
 * stored by no stream) on {@code <prefix>.warmup.<instance>.<c>}. Immutable and thread-safe.
 */
public final class Subjects {

    /** The default subject prefix ({@code HERALD_SUBJECT_PREFIX}). */
    public static final String DEFAULT_PREFIX = "herald";

    private final String prefix;
    private final String channelPrefix;
    private final String deadLetterPrefix;
    private final String controlPrefix;
    private final String warmUpPrefix;

    /**
     * Subjects under the default prefix {@code herald}.
     */
    public Subjects() {
        this(DEFAULT_PREFIX);
    }

    /**
     * Subjects under a prefix.
     *
     * @param prefix one or more {@code .}-separated tokens of {@code [A-Za-z0-9_-]}, e.g. {@code herald} or
     *               {@code test.run42}
     * @throws IllegalArgumentException when the prefix is not such a string
     */
    public Subjects(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!validPrefix(prefix)) {
            throw new IllegalArgumentException("subject prefix " + ChannelName.quoteForMessage(prefix)
                + " is not valid: use '.'-separated tokens of letters, digits, _ and - (no wildcards, no empty token)");
        }
        this.prefix = prefix;
        this.channelPrefix = prefix + ".ch.";
        this.deadLetterPrefix = prefix + ".dlq.";
        this.controlPrefix = prefix + ".ctl.";
        this.warmUpPrefix = prefix + ".warmup.";
    }

    /**
     * The prefix.
     *
     * @return the prefix, e.g. {@code herald}
     */
    public String prefix() {
        return prefix;
    }

    /**
     * The subject events of a channel are published on.
     *
     * @param c the channel
     * @return {@code <prefix>.ch.<channel>}
     */
    public String channel(ChannelName c) {
        return channelPrefix + c.value();
    }

    /**
     * The wildcard subject the stream captures.
     *
     * @return {@code <prefix>.ch.>}
     */
    public String allChannels() {
        return channelPrefix + ">";
    }

    /**
     * The dead-letter subject of a channel.
     *
     * @param c the channel
     * @return {@code <prefix>.dlq.<channel>}
     */
    public String deadLetter(ChannelName c) {
        return deadLetterPrefix + c.value();
    }

    /**
     * The dead-letter subject for a channel name that may be invalid (an event published to a bad channel
     * still needs a dead letter). Characters outside the channel syntax become {@code _}, empty tokens become
     * {@code _}, the name is cut to 255 characters; a valid name is kept as it is.
     *
     * @param rawChannel the channel name as received, possibly null or invalid
     * @return {@code <prefix>.dlq.<sanitised channel>}
     */
    public String deadLetter(String rawChannel) {
        return deadLetterPrefix + sanitise(rawChannel);
    }

    /**
     * The wildcard subject matching every dead letter.
     *
     * @return {@code <prefix>.dlq.>}
     */
    public String allDeadLetters() {
        return deadLetterPrefix + ">";
    }

    /**
     * The subject control commands of a topic are broadcast on.
     *
     * @param topic one token of letters, digits, {@code _} and {@code -}, e.g. {@code sessions}
     * @return {@code <prefix>.ctl.<topic>}
     * @throws IllegalArgumentException when the topic is not such a token
     */
    public String control(String topic) {
        if (topic == null || !topic.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("control topic " + (topic == null ? "null" : ChannelName.quoteForMessage(topic))
                + " is not valid: use 1 to 64 letters, digits, _ and -");
        }
        return controlPrefix + topic;
    }

    /**
     * The wildcard subject of every control topic (the stream captures it next to the channels).
     *
     * @return {@code <prefix>.ctl.>}
     */
    public String allControl() {
        return controlPrefix + ">";
    }

    /**
     * What precedes the channel name in its event subject.
     *
     * @return {@code <prefix>.ch.}
     */
    public String channelPrefix() {
        return channelPrefix;
    }

    /**
     * What precedes the channel name in the subject of an instance's rehearsal publishes: outside every stream,
     * answered by the instance itself.
     *
     * @param instance one token of letters, digits, {@code _} and {@code -} naming the instance
     * @return {@code <prefix>.warmup.<instance>.}
     * @throws IllegalArgumentException when the instance is not such a token
     */
    public String warmUpPrefix(String instance) {
        if (instance == null || !instance.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("instance " + (instance == null ? "null" : ChannelName.quoteForMessage(instance))
                + " is not valid: use 1 to 64 letters, digits, _ and -");
        }
        return warmUpPrefix + instance + ".";
    }

    /**
     * The wildcard subject of an instance's rehearsal publishes.
     *
     * @param instance one token of letters, digits, {@code _} and {@code -} naming the instance
     * @return {@code <prefix>.warmup.<instance>.>}
     * @throws IllegalArgumentException when the instance is not such a token
     */
    public String allWarmUp(String instance) {
        return warmUpPrefix(instance) + ">";
    }

    /**
     * The channel an event subject belongs to.
     *
     * @param subject a subject such as {@code herald.ch.exports:42}
     * @return the channel, or empty when the subject is not an event subject under this prefix or the channel
     *         part is not a valid channel name
     */
    public Optional<ChannelName> channelOf(String subject) {
        if (subject == null || !subject.startsWith(channelPrefix)) {
            return Optional.empty();
        }
        String raw = subject.substring(channelPrefix.length());
        return ChannelName.isValid(raw) ? Optional.of(ChannelName.parse(raw)) : Optional.empty();
    }

    /**
     * The raw channel part of an event subject, whether or not it is a valid channel name.
     *
     * @param subject a subject under {@code <prefix>.ch.}
     * @return the text after {@code <prefix>.ch.}, or empty when the subject is not an event subject of this prefix
     */
    public Optional<String> rawChannelOf(String subject) {
        if (subject == null || !subject.startsWith(channelPrefix)) {
            return Optional.empty();
        }
        return Optional.of(subject.substring(channelPrefix.length()));
    }

    @Override
    public String toString() {
        return "Subjects[" + prefix + "]";
    }

    static String sanitise(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "_";
        }
        if (ChannelName.isValid(raw)) {
            return raw;
        }
        int n = Math.min(raw.length(), ChannelName.MAX_LENGTH);
        StringBuilder sb = new StringBuilder(n + 2);
        char prev = '.';
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (!ChannelName.allowedChar(c)) {
                c = '_';
            }
            if (c == '.' && prev == '.') {
                sb.append('_');
            }
            sb.append(c);
            prev = c;
        }
        if (prev == '.') {
            sb.append('_');
        }
        return sb.toString();
    }

    private static boolean validPrefix(String p) {
        if (p.isEmpty() || p.length() > 128) {
            return false;
        }
        char prev = '.';
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.';
            if (!ok || (c == '.' && prev == '.')) {
                return false;
            }
            prev = c;
        }
        return prev != '.';
    }
}
