/**
 * What every WebSocket protocol shares: {@link io.herald.realtime.transport.NettySession} (a hub session on a Netty
 * channel with a bounded outbound queue), {@link io.herald.realtime.transport.ConnectionSupervisor} (heartbeat, token
 * expiry, shutdown) and {@link io.herald.realtime.transport.LimitsConfiguration}. Protocols live in sub-packages:
 * {@code herald} (this service's JSON protocol) and, later, {@code centrifugo}.
 */
package io.herald.realtime.transport;
