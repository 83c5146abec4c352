/**
 * Recovery of missed events for both WebSocket protocols: {@link io.herald.realtime.recovery.HistoryReplay} reads a
 * channel's history from the bus and passes it through the same progress throttle the live pipeline uses, so a
 * recovering client sees exactly what a connected client saw.
 */
package io.herald.realtime.recovery;
