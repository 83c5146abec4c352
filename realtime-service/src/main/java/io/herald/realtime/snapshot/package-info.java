/**
 * A channel's current state for a subscriber that asks for it ({@code "snapshot": true}): {@link SnapshotReader}
 * replays a bounded, recent part of the channel's history through the live throttle and folds it with
 * {@link ChannelState} into the events that describe the channel now. Start with {@link ChannelState}: it holds every
 * rule and has no framework or I/O.
 */
package io.herald.realtime.snapshot;
