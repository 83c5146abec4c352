/**
 * Browser sessions: {@code POST /api/auth/login} sets the {@code herald_session} cookie carrying a socket JWT, which
 * the realtime-service accepts on the WebSocket upgrade; {@code POST /api/auth/logout} clears it.
 */
package io.herald.auth.session;
