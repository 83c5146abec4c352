/**
 * The one connection model both WebSocket protocols share: {@link io.herald.realtime.client.Client} (authentication,
 * token expiry and refresh, each subscription's position and recovery gate, the inbound rate, commands in request
 * order, the heartbeat hook run by the server-wide sweep, slow-client and shutdown closes) over a small
 * {@link io.herald.realtime.client.Transport} (the Netty one owns the bounded outbound queue). The Herald JSON
 * protocol and the Centrifugo protocol are codecs plus a command table over it; the hub delivers to the client.
 */
package io.herald.realtime.client;
