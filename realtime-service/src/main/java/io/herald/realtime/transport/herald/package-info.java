/**
 * The Herald JSON protocol over WebSocket: endpoints ({@code HeraldEndpoints}), connection logic
 * ({@link io.herald.realtime.transport.herald.HeraldConnections}) and the codec
 * ({@link io.herald.realtime.transport.herald.HeraldProtocol}).
 */
package io.herald.realtime.transport.herald;
