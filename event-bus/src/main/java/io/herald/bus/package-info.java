/**
 * The event log Herald's services share: start at {@link io.herald.bus.EventBus} (publish, receive everything in
 * order, read history by offset or time, consume durably with acknowledgements, dead-letter). Two implementations pass
 * the same contract test: {@link io.herald.bus.NatsEventBus} (JetStream, on micronaut-nats' connection) and
 * {@link io.herald.bus.InMemoryEventBus} (one process); {@code herald.bus.kind} picks one.
 */
package io.herald.bus;
