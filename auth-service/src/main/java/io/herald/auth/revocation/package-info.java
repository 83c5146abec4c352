/**
 * Telling every realtime instance that tokens must stop working: {@link io.herald.auth.revocation.RevocationBroadcaster}
 * broadcasts API-key and user revocations on the event bus.
 */
package io.herald.auth.revocation;
