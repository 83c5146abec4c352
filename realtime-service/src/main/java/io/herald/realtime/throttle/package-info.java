/**
 * Throttling of progress events (DESIGN §4): {@link io.herald.realtime.throttle.ProgressThrottle}.
 */
package io.herald.realtime.throttle;
