/**
 * The event log behind fan-out: {@link io.herald.realtime.bus.EventBus} (publish, receive everything, read history by
 * offset) and its JetStream implementation {@link io.herald.realtime.bus.NatsEventBus}.
 */
package io.herald.realtime.bus;
