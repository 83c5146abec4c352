/**
 * Herald's Centrifugo client protocol (JSON variant) for {@code /connection/websocket}, so the official Centrifugo
 * SDKs ({@code centrifuge} on npm v5 and the others) work against Herald unchanged.
 *
 * <p>Start with {@link io.herald.realtime.transport.centrifugo.CentrifugoProtocol}: it opens one
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoSession} per socket: the protocol's command table over
 * the {@link io.herald.realtime.client.Client} both protocols share (which the hub delivers to). Herald's token
 * checks, permissions, hub subscriptions and history plug in through
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoBackend}, the socket through
 * {@link io.herald.realtime.client.Transport}, and time through
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoScheduler}. Publications are encoded once per
 * event by {@link io.herald.realtime.transport.centrifugo.CentrifugoCodec#publicationPush} and shared by all
 * subscribers. Close and error codes are the closed vocabularies
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoCloseCode} and
 * {@link io.herald.realtime.transport.centrifugo.CentrifugoErrorCode}.
 */
package io.herald.realtime.transport.centrifugo;
