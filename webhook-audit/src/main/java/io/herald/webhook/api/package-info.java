/**
 * HTTP API plumbing: errors are problem+json, rendered by the shared {@code io.herald.support.problem} processor.
 */
package io.herald.webhook.api;
