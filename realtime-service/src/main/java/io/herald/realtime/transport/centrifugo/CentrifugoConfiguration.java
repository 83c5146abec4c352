package io.herald.realtime.transport.centrifugo;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/**
 * The Centrifugo-compatible endpoint {@code /connection/websocket} ({@code herald.realtime.centrifugo}); the defaults
 * are Centrifugo's. Frame size, inbound messages per second, connections per user, subscriptions per connection and the
 * outbound queue come from {@code herald.realtime.limits}, shared with the Herald protocol.
 *
 * <p>Pings, pongs and token expiry of connected clients are checked by the sweep that runs every
 * {@code herald.realtime.limits.sweep-interval} (1 s), so they happen up to that much later than the durations below.
 *
 * @param pingInterval           server ping ({@code {}}) period, sent as {@code ping} in the connect reply. Defaults to 25 s
 * @param pongTimeout            time for the client's pong before close 3012. Defaults to 8 s
 * @param connectTimeout         time for a successful connect command before close 3502. Defaults to 10 s
 * @param expiredCloseDelay      grace after the token's {@code exp} for a refresh before close 3005. Defaults to 25 s
 * @param maxHistoryLimit        largest {@code limit} of a history command. Defaults to 1000
 * @param maxPendingPublications live publications buffered per subscription while its subscribe is in flight; more
 *                               closes with 3010. Defaults to 1000
 * @param serverVersion          {@code version} in connect and refresh replies. Defaults to {@code herald}
 */
@ConfigurationProperties("herald.realtime.centrifugo")
public record CentrifugoConfiguration(
    @Bindable(defaultValue = "25s") Duration pingInterval,
    @Bindable(defaultValue = "8s") Duration pongTimeout,
    @Bindable(defaultValue = "10s") Duration connectTimeout,
    @Bindable(defaultValue = "25s") Duration expiredCloseDelay,
    @Positive @Bindable(defaultValue = "1000") int maxHistoryLimit,
    @PositiveOrZero @Bindable(defaultValue = "1000") int maxPendingPublications,
    @NotBlank @Bindable(defaultValue = "herald") String serverVersion) {

    /**
     * @param limits the per-connection limits shared by both protocols
     * @return the protocol layer's options (validated there)
     */
    public CentrifugoOptions toOptions(io.herald.realtime.transport.LimitsConfiguration limits) {
        return new CentrifugoOptions(pingInterval, pongTimeout, connectTimeout, expiredCloseDelay,
            limits.subscriptionsPerConnection(), maxHistoryLimit, maxPendingPublications, serverVersion,
            limits.messagesPerSecond());
    }
}
