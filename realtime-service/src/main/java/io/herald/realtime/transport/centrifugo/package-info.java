/**
 * Herald's Centrifugo client protocol (JSON variant) for {@code /connection/websocket}, so the official Centrifugo
 * SDKs ({@code centrifuge} on npm v5 and the others) work against Herald unchanged.
 *
 * <p>Start with {@link io.herald.realtime.transport.centrifugo.CentrifugoProtocol}: it opens one
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoSession} per socket. The package is a transport adapter
 * and knows nothing of the hub: Herald plugs in through
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoBackend} (tokens, permissions, subscriptions, history),
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoConnection} (the socket) and
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoScheduler} (time). Publications are encoded once per
 * event by {@link io.herald.realtime.transport.centrifugo.CentrifugoCodec#publicationPush} and shared by all
 * subscribers. Close and error codes are the closed vocabularies
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoCloseCode} and
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoErrorCode}.
 */
package io.herald.realtime.transport.centrifugo;
