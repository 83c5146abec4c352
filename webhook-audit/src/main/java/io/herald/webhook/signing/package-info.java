/**
 * Standard Webhooks request signing; start at {@link io.herald.webhook.signing.WebhookSigner}.
 */
package io.herald.webhook.signing;
