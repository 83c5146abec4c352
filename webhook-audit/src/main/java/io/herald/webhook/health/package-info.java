/**
 * Readiness: database and NATS.
 */
package io.herald.webhook.health;
