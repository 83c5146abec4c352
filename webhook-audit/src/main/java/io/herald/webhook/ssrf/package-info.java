/**
 * SSRF protection for webhook URLs; start at {@link io.herald.webhook.ssrf.SsrfGuard} and the resolver the HTTP
 * client uses, {@link io.herald.webhook.ssrf.GuardedDnsResolver}.
 */
package io.herald.webhook.ssrf;
