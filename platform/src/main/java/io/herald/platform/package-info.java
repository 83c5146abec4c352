/**
 * The embedded Herald platform: auth-service, realtime-service and webhook-audit composed in one application
 * context on one port. Start with {@link io.herald.platform.PlatformApplication}: it resolves the state directory
 * ({@code embedded.StateDirectory}: generated keys), starts the embedded PostgreSQL unless {@code HERALD_JDBC_URL}
 * is set ({@code embedded.EmbeddedDatabase}), selects the in-memory bus unless {@code HERALD_NATS_URL} is set, then
 * starts the context. {@code demo} holds the demo page's server side (token and sample publishing), which exists
 * only here.
 */
package io.herald.platform;
