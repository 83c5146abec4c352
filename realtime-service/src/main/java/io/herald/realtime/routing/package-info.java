/**
 * Where one event travels through the service: {@link io.herald.realtime.routing.EventRouter} (bus → contract →
 * throttle → hub) and the service's meters.
 */
package io.herald.realtime.routing;
