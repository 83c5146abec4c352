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

    private CentrifugoHubCodec() {
    }

    @Override
    public EncodedFrame encode(Delivery delivery, String displayChannel) {
        return new EncodedFrame(CentrifugoCodec.publicationPush(displayChannel, delivery.offset(), delivery.json()),
            delivery.channel(), delivery.offset());
    }
}
