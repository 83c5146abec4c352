/**
 * What every WebSocket protocol shares below the {@link io.herald.realtime.client.Client}:
 * {@link io.herald.realtime.transport.NettyTransport} (a Netty channel with a bounded outbound queue),
 * {@link io.herald.realtime.transport.ConnectionSupervisor} (the sweep that runs each client's heartbeat and expiry
 * check, and shutdown) and {@link io.herald.realtime.transport.LimitsConfiguration}. Protocols live in sub-packages:
 * {@code herald} (this service's JSON protocol) and {@code centrifugo}.
 */
package io.herald.realtime.transport;
