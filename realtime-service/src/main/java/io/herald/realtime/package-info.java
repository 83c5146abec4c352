/**
 * Herald realtime-service. Start at {@link io.herald.realtime.routing.EventRouter} (one event's path: bus → contract →
 * throttle → hub) and {@link io.herald.realtime.hub.Hub}; {@code RealtimeFactory} wires them; the README lists
 * endpoints, frames, close codes and configuration.
 */
package io.herald.realtime;
