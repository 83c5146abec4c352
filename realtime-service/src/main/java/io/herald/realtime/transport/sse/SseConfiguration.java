package io.herald.realtime.transport.sse;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The Server-Sent Events endpoint ({@code herald.realtime.sse}). Connection, subscription and outbound-queue limits
 * are the shared {@code herald.realtime.limits}.
 *
 * @param heartbeat how often a comment line is written, so proxies keep an idle stream open and a dead client is
 *                  noticed. Defaults to 25 s
 */
@ConfigurationProperties("herald.realtime.sse")
public record SseConfiguration(@Bindable(defaultValue = "25s") Duration heartbeat) {
}
