/**
 * Logging that stays readable under failure storms: {@link io.herald.support.log.RateLimitedWarning}.
 */
package io.herald.support.log;
