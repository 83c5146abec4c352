/**
 * The append-only audit log of delivery attempts and its retention; start at
 * {@link io.herald.webhook.audit.AuditLog}.
 */
package io.herald.webhook.audit;
