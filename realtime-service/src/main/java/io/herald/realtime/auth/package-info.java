/**
 * Who is connecting and what they may read: {@link io.herald.realtime.auth.TokenVerifier} (JWKS-backed
 * {@link io.herald.realtime.auth.JwksTokenVerifier}), {@link io.herald.realtime.auth.TokenExtractor} and
 * {@link io.herald.realtime.auth.ChannelAccess}.
 */
package io.herald.realtime.auth;
