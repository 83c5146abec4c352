/**
 * Herald webhook-audit. Start at {@link io.herald.webhook.delivery.EventConsumer} (JetStream → deliveries) and
 * {@link io.herald.webhook.endpoint.EndpointController} (the API).
 */
package io.herald.webhook;
