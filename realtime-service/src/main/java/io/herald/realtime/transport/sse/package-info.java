/**
 * Server-Sent Events transport: {@code GET /connection/sse} ({@link SseController}). Each stream is one hub
 * {@link io.herald.realtime.hub.Session} ({@code SseSession}), so SSE clients get the same fan-out, throttle,
 * recovery ({@code Last-Event-ID}), outbound-queue bound and graceful shutdown as WebSocket clients.
 */
package io.herald.realtime.transport.sse;
