/**
 * The event contract as realtime-service uses it: channel names ({@link io.herald.realtime.contract.ChannelName}) and
 * event validation ({@link io.herald.realtime.contract.EventCheck}).
 */
package io.herald.realtime.contract;
