/**
 * Webhook delivery: {@link io.herald.webhook.delivery.EventConsumer} (JetStream) →
 * {@link io.herald.webhook.delivery.DeliveryStore} → {@link io.herald.webhook.delivery.Dispatcher} →
 * {@link io.herald.webhook.delivery.HttpSender}; {@link io.herald.webhook.delivery.RetrySchedule} decides the next
 * attempt and {@link io.herald.webhook.delivery.Sweeper} makes sure it happens.
 */
package io.herald.webhook.delivery;
