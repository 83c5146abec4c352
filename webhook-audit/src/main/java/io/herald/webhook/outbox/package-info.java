/**
 * Transactional outbox for {@code webhook.event.created}; start at {@link io.herald.webhook.outbox.OutboxRelay}.
 */
package io.herald.webhook.outbox;
