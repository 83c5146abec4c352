package io.herald.realtime.transport;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Per-connection limits ({@code herald.realtime.limits}), shared by every WebSocket protocol.
 *
 * @param maxFrameBytes              largest inbound frame; larger closes with 1009. Defaults to 64 KiB (at most 1 MiB,
 *                                   Netty's hard cap for our endpoints)
 * @param messagesPerSecond          inbound messages per second per connection; the excess is answered with an error
 *                                   frame, and twice the limit within one second closes with 4029. Defaults to 50
 * @param connectionsPerUser         open connections per user; more closes with 4029. Defaults to 20
 * @param subscriptionsPerConnection subscriptions per connection, counting the automatic ones; a manual subscribe beyond
 *                                   it is refused with an error frame. Defaults to 100
 * @param outboundQueueBytes         bytes (frame headers included) queued for a connection but not yet written to its
 *                                   socket; more closes it with 4013. Defaults to 1 MiB
 * @param outboundQueueFrames        frames queued likewise. Defaults to 10,000
 * @param idleTimeout                no client frame for this long closes with 4008. Defaults to 60 s
 * @param closeTimeout               how long a close frame may wait behind a full socket before the TCP connection is
 *                                   cut. Defaults to 5 s
 * @param sweepInterval              how often idle and expired connections are looked for. Defaults to 1 s
 * @param historyMaxCount            most events one recovery ({@code since}) replays. Defaults to 1,000
 */
@ConfigurationProperties("herald.realtime.limits")
public record LimitsConfiguration(
    @Positive @Max(1_048_576) @Bindable(defaultValue = "65536") int maxFrameBytes,
    @Positive @Bindable(defaultValue = "50") int messagesPerSecond,
    @Positive @Bindable(defaultValue = "20") int connectionsPerUser,
    @Positive @Bindable(defaultValue = "100") int subscriptionsPerConnection,
    @Positive @Bindable(defaultValue = "1048576") long outboundQueueBytes,
    @Positive @Bindable(defaultValue = "10000") int outboundQueueFrames,
    @Bindable(defaultValue = "60s") Duration idleTimeout,
    @Bindable(defaultValue = "5s") Duration closeTimeout,
    @Bindable(defaultValue = "1s") Duration sweepInterval,
    @Positive @Bindable(defaultValue = "1000") int historyMaxCount) {

    /**
     * @param text an inbound message
     * @return true when its UTF-8 form is larger than {@code max-frame-bytes} (encoded only when the length in chars
     *     cannot decide)
     */
    public boolean tooLarge(String text) {
        return text.length() > maxFrameBytes
            || (text.length() * 3L > maxFrameBytes
                && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxFrameBytes);
    }
}
