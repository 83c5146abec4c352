/**
 * Records for the frames of the Herald JSON protocol (DESIGN §6), serialisable with Micronaut Serde. They
 * mirror {@code schemas/frames/}; each record's {@code type} component is fixed to its frame type. Client
 * frames: {@link io.herald.schema.frame.SubscribeFrame}, {@link io.herald.schema.frame.UnsubscribeFrame},
 * {@link io.herald.schema.frame.PingFrame}; the rest are server frames.
 */
package io.herald.schema.frame;
