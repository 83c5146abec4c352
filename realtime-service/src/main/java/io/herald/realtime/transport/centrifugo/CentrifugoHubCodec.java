package io.herald.realtime.transport.centrifugo;

import io.herald.realtime.hub.Delivery;
import io.herald.realtime.hub.EncodedFrame;
import io.herald.realtime.hub.ProtocolCodec;

/**
 * The hub's codec for Centrifugo sessions: one publication push per event and channel name as written, shared by
 * every Centrifugo subscriber that wrote the channel that way ({@code job:42}; {@code order_changes} for all users of
 * one tenant; {@code order_changes@acme}).
 */
final class CentrifugoHubCodec implements ProtocolCodec {

    static final CentrifugoHubCodec INSTANCE = new CentrifugoHubCodec();

    // the last late variant made: every subscriber of a channel gets the same frame, so one entry serves them all
    private volatile EncodedFrame[] lastLate = new EncodedFrame[2];

    private CentrifugoHubCodec() {
    }

    /** The publication without its {@code offset}, so the SDK does not move its position (see the protocol notes). */
    @Override
    public EncodedFrame late(EncodedFrame frame) {
        EncodedFrame[] cached = lastLate;
        if (cached[0] == frame) {
            return cached[1];
        }
        EncodedFrame late = new EncodedFrame(CentrifugoCodec.withoutOffset(frame.utf8()), frame.channel(), frame.offset());
        lastLate = new EncodedFrame[] {frame, late};
        return late;
    }

    @Override
    public EncodedFrame encode(Delivery delivery, String displayChannel) {
        return new EncodedFrame(CentrifugoCodec.publicationPush(displayChannel, delivery.offset(), delivery.json()),
            delivery.channel(), delivery.offset());
    }
}
