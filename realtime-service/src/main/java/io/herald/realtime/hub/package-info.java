/**
 * The hub: sessions, channel subscriptions and fan-out, with no network code. Start with {@link io.herald.realtime.hub.Hub};
 * transports implement {@link io.herald.realtime.hub.Session} and a {@link io.herald.realtime.hub.ProtocolCodec}.
 */
package io.herald.realtime.hub;
