/**
 * The event contract as every service applies it: {@link io.herald.bus.contract.EventCheck}, backed by
 * event-schema's {@code EventContract} ({@link io.herald.bus.contract.SchemaEventCheck}); a
 * {@link io.herald.bus.contract.Verdict} says whether an event may be delivered and what it means for its job.
 */
package io.herald.bus.contract;
