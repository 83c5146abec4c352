package io.herald.realtime.transport.centrifugo;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings of the Centrifugo protocol layer. In realtime-service, bind it from a
 * {@code @ConfigurationProperties("herald.realtime.centrifugo")} record; the defaults are Centrifugo's.
 *
 * @param pingInterval           how often the server sends a ping ({@code {}}); also sent as {@code ping} in the
 *                               connect reply. Defaults to 25 s.
 * @param pongTimeout            how long the client has to answer a ping with {@code {}} before close 3012; must be
 *                               shorter than {@code pingInterval}. Defaults to 8 s.
 * @param connectTimeout         how long a new connection may go without a successful connect command before
 *                               close 3502. Defaults to 10 s.
 * @param expiredCloseDelay      grace after the connection token's {@code exp} for the client's refresh command to
 *                               arrive before close 3005. Defaults to 25 s.
 * @param maxSubscriptions       subscriptions per connection, server-side ones included; more → error 106.
 *                               Defaults to 128.
 * @param maxHistoryLimit        largest {@code limit} of a history command (larger or 0 is clamped). Defaults to 1000.
 * @param maxPendingPublications live publications buffered per subscription while its subscribe is in flight;
 *                               overflow closes with 3010. Defaults to 1000.
 * @param serverVersion          the {@code version} sent in connect and refresh replies. Defaults to "herald".
 * @param messagesPerSecond      commands per second per connection (pongs not counted); the excess is answered with
 *                               error 111 and twice the limit within one second closes with 3013. Defaults to 50.
 */
public record CentrifugoOptions(Duration pingInterval, Duration pongTimeout, Duration connectTimeout,
                                Duration expiredCloseDelay, int maxSubscriptions, int maxHistoryLimit,
                                int maxPendingPublications, String serverVersion, int messagesPerSecond) {

    /** Options with the default command rate. */
    public CentrifugoOptions(Duration pingInterval, Duration pongTimeout, Duration connectTimeout,
                             Duration expiredCloseDelay, int maxSubscriptions, int maxHistoryLimit,
                             int maxPendingPublications, String serverVersion) {
        this(pingInterval, pongTimeout, connectTimeout, expiredCloseDelay, maxSubscriptions, maxHistoryLimit,
                maxPendingPublications, serverVersion, 50);
    }

    /** Validates the options; fails fast with an {@link IllegalArgumentException} naming the bad one. */
    public CentrifugoOptions {
        positive(pingInterval, "pingInterval");
        positive(pongTimeout, "pongTimeout");
        positive(connectTimeout, "connectTimeout");
        Objects.requireNonNull(expiredCloseDelay, "expiredCloseDelay");
        if (expiredCloseDelay.isNegative()) {
            throw new IllegalArgumentException("expiredCloseDelay must not be negative: " + expiredCloseDelay);
        }
        if (pongTimeout.compareTo(pingInterval) >= 0) {
            throw new IllegalArgumentException("pongTimeout (" + pongTimeout + ") must be shorter than pingInterval ("
                    + pingInterval + ")");
        }
        if (pingInterval.toSeconds() < 1) {
            throw new IllegalArgumentException("pingInterval must be at least 1 s (sent in whole seconds): " + pingInterval);
        }
        if (maxSubscriptions < 1) {
            throw new IllegalArgumentException("maxSubscriptions must be at least 1: " + maxSubscriptions);
        }
        if (maxHistoryLimit < 1) {
            throw new IllegalArgumentException("maxHistoryLimit must be at least 1: " + maxHistoryLimit);
        }
        if (maxPendingPublications < 0) {
            throw new IllegalArgumentException("maxPendingPublications must not be negative: " + maxPendingPublications);
        }
        if (messagesPerSecond < 1) {
            throw new IllegalArgumentException("messagesPerSecond must be at least 1: " + messagesPerSecond);
        }
        if (serverVersion == null || serverVersion.isBlank()) {
            throw new IllegalArgumentException("serverVersion must not be blank");
        }
    }

    /** @return Centrifugo's defaults (see the parameter docs) */
    public static CentrifugoOptions defaults() {
        return new CentrifugoOptions(Duration.ofSeconds(25), Duration.ofSeconds(8), Duration.ofSeconds(10),
                Duration.ofSeconds(25), 128, 1000, 1000, "herald");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
