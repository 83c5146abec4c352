/**
 * Throttling of progress events, shared by every service that delivers events:
 * {@link io.herald.bus.throttle.ProgressThrottle}, configured by {@link io.herald.bus.throttle.ThrottleConfiguration}.
 */
package io.herald.bus.throttle;
