/**
 * The event contract as realtime-service uses it: {@link io.herald.realtime.contract.EventCheck}, backed by
 * event-schema's {@code EventContract} ({@link io.herald.realtime.contract.SchemaEventCheck}).
 */
package io.herald.realtime.contract;
