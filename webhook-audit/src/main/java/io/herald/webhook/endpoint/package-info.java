/**
 * The endpoints API and endpoint storage; start at {@link io.herald.webhook.endpoint.EndpointController}.
 */
package io.herald.webhook.endpoint;
