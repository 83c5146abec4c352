/**
 * The HTTP read path for a channel's past events: {@code GET /api/history} ({@link HistoryController}). It answers a
 * user with the same channel permissions as subscribing and the same events, offsets and throttle decisions as a
 * WebSocket recovery with {@code since}.
 */
package io.herald.realtime.history;
