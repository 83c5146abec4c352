/**
 * NATS JetStream connection and stream set-up; start at {@link io.herald.webhook.nats.NatsConnector}.
 */
package io.herald.webhook.nats;
