package io.herald.realtime.hub;

/**
 * Encodes deliveries into one protocol's wire frames. The hub calls it once per event, protocol and channel
 * display name, and shares the result across every subscriber of that protocol.
 *
 * <p>To add a protocol (e.g. Centrifugo), implement this interface as a singleton and return it from your
 * {@link Session#codec()}; the hub, bus and throttle need no change.
 */
public interface ProtocolCodec {

    /**
     * @param delivery       the event
     * @param displayChannel the channel name as the subscriber wrote it (e.g. {@code order_changes} for
     *                       {@code order_changes@tenant}); equal to {@code delivery.channel()} for most subscriptions
     * @return the encoded frame
     */
    EncodedFrame encode(Delivery delivery, String displayChannel);

    /**
     * The variant of an event frame for a subscriber that was already sent a higher offset on the channel: a trailing
     * progress released when its throttle window closed, after later events of other jobs. It must not move the
     * client's position back (Herald protocol: {@code "late": true}; Centrifugo: no {@code offset}).
     *
     * <p>Rare, so it may allocate; implementations cache the last one, since every subscriber gets the same frame.
     *
     * @param frame an event frame this codec encoded
     * @return the late variant
     */
    default EncodedFrame late(EncodedFrame frame) {
        return frame;
    }
}
