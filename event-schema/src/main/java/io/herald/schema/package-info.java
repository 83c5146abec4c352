/**
 * Herald's event contract. The JSON Schema (draft 2020-12) files under the classpath folder {@code schemas/}
 * are the single source of truth; this package is the Java face of them.
 *
 * <p>Where to start:
 * <ul>
 *   <li>{@link io.herald.schema.EventContract} — validate an event for a channel ({@code load()} once, share it);
 *       the result tells the event's type, family, job key and whether it is a throttled progress event.</li>
 *   <li>{@link io.herald.schema.ChannelName} / {@link io.herald.schema.ChannelNamespace} — channel syntax and the
 *       catalogue's namespaces (owner, personal / tenant-scoped / granted).</li>
 *   <li>{@link io.herald.schema.Subjects} — the only place NATS subjects are built and parsed.</li>
 *   <li>{@link io.herald.schema.EventCatalog} — which event types exist and where they may be published.</li>
 *   <li>{@link io.herald.schema.FrameContract} / {@link io.herald.schema.FrameType} — Herald JSON protocol frames.</li>
 *   <li>Records: {@link io.herald.schema.event} (events) and {@link io.herald.schema.frame} (frames), Micronaut Serde.</li>
 * </ul>
 * {@link io.herald.schema.AsyncApiDocument} writes the AsyncAPI 3.0 document of a catalogue (subjects, WebSocket
 * endpoints, one message per event type); the build packages the built-in catalogue's as {@code asyncapi.yaml}.
 * Plain library: no Micronaut beans.
 */
package io.herald.schema;
