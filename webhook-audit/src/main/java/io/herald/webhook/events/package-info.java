/**
 * Which events exist and whose webhooks a channel's events go to; start at
 * {@link io.herald.webhook.events.ChannelRoute}.
 */
package io.herald.webhook.events;
