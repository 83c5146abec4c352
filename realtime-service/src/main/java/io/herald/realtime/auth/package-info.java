/**
 * Who is connecting and what they may read: {@link io.herald.realtime.auth.TokenVerifier} (on the shared verifier,
 * {@link io.herald.realtime.auth.JwksTokenVerifier}), {@link io.herald.realtime.auth.TokenExtractor} and
 * {@link io.herald.realtime.auth.ChannelAccess}.
 */
package io.herald.realtime.auth;
